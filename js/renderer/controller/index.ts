/**
 * Chat orchestration without DOM. The session holds the open thread; each concern is a part
 * (turns, thread loading, composer, attachments, mentions, commands, previews, history). The
 * element renders this state and forwards the `chatkit.*` events the parts emit.
 */
import type { Attachment } from "@openai/chatkit";
import { requests, type WireAction } from "../protocol/client";
import type {
  ActionConfig,
  StructuredInputSubmission,
  UserMessageInput,
  WidgetItem,
} from "../protocol/types";
import type { FrameScheduler } from "../state/frame-batcher";
import { replaceItem, truncateAfter } from "../state/reducer";
import { Attachments } from "./attachments";
import { Commands } from "./commands";
import { Composer } from "./composer";
import { composerContent, contentText, inferenceOptions } from "./composer-content";
import { Dictation } from "./dictation";
import { EntityPreviews } from "./entity-preview";
import { History } from "./history";
import { Mentions } from "./mentions";
import { ChatSession, type ControllerHost, type WidgetBusy } from "./session";
import { ThreadLoader } from "./threads";
import { TurnRunner } from "./turns";
import type { SendUserMessageParams } from "./types";

export type { ComposerAttachment } from "./attachments";
export type { CommandMenuState } from "./commands";
export { composerContent, entityOfTag, maxSizeFor } from "./composer-content";
export type { DictationError } from "./dictation";
export type { EntityPreview } from "./entity-preview";
export type { MentionState } from "./mentions";
export type { ControllerHost, WidgetBusy } from "./session";
export type { ComposerValueParams, SendUserMessageParams } from "./types";

export class ChatController extends ChatSession {
  readonly turns: TurnRunner;
  readonly threads: ThreadLoader;
  readonly composer: Composer;
  readonly attachments: Attachments;
  readonly mentions: Mentions;
  readonly commands: Commands;
  readonly previews: EntityPreviews;
  readonly history: History;
  readonly dictation: Dictation;

  constructor(host: ControllerHost, schedule?: FrameScheduler) {
    super(host);
    this.turns = new TurnRunner(this, schedule);
    this.threads = new ThreadLoader(this);
    this.composer = new Composer(this);
    this.attachments = new Attachments(this);
    this.mentions = new Mentions(this, this.composer);
    this.commands = new Commands(this, this.composer);
    this.previews = new EntityPreviews(this);
    this.history = new History(this, this.threads);
    this.dictation = new Dictation(this, this.composer);
    this.threads.onReset = () => {
      this.previews.clear();
      this.dictation.cancel();
    };
  }

  // ---- messages ---------------------------------------------------------------------------

  async sendUserMessage(params: SendUserMessageParams): Promise<void> {
    const content = (
      params.content ?? [{ type: "input_text" as const, text: params.text ?? "" }]
    ).map(
      // ChatKit's type makes a tag's `data` optional; the Python server requires it.
      (part) => (part.type === "input_tag" ? { ...part, data: part.data ?? {} } : part),
    );
    const input: UserMessageInput = {
      content,
      attachments: (params.attachments ?? []).map((attachment) => attachment.id),
      inference_options: inferenceOptions(params.toolChoice, params.model),
      ...(params.reply ? { quoted_text: params.reply } : {}),
    };
    this.assertIdle();
    if (params.newThread && this.threadId) this.threads.startNew();
    this.pendingUserText = contentText(content);
    const threadId = this.threadId;
    await this.turns.run(
      threadId ? requests.addUserMessage(threadId, input) : requests.createThread(input),
    );
  }

  /** Sends the composer text (Enter / send button) with its tags, tool and model. */
  async submitComposer(): Promise<void> {
    const { composer, attachments } = this;
    const text = composer.text.trim();
    const ready = attachments.ready();
    if ((!text && !ready.length) || this.responding || composer.lock() || attachments.uploading()) {
      return;
    }
    const content = composerContent(text, composer.tags);
    const toolChoice = composer.selectedToolId ? { id: composer.selectedToolId } : undefined;
    const model = composer.modelId();
    const tool = this.host
      .options()
      ?.composer?.tools?.find((t) => t.id === composer.selectedToolId);
    composer.text = "";
    composer.tags = [];
    this.mentions.state = null;
    this.commands.close();
    attachments.clear();
    if (tool && !tool.persistent) composer.selectTool(null);
    await this.sendUserMessage({
      content,
      attachments: ready as unknown as Attachment[],
      ...(toolChoice ? { toolChoice } : {}),
      ...(model ? { model } : {}),
    }).catch((error) => this.reportError(error));
  }

  /** Answers (or skips) a pending structured_input item; the server then continues the turn. */
  async submitStructuredInput(itemId: string, input: StructuredInputSubmission): Promise<void> {
    const threadId = this.requireThread();
    this.assertIdle();
    await this.turns.run(requests.addStructuredInput(threadId, itemId, input));
  }

  async sendCustomAction(action: WireAction, itemId?: string): Promise<void> {
    const threadId = this.requireThread();
    this.assertIdle();
    await this.turns.run(requests.customAction(threadId, action, itemId));
  }

  /** Retry after a failed/unsatisfying turn: re-run the server from the user message `itemId`. */
  async retryFrom(itemId: string): Promise<void> {
    const threadId = this.requireThread();
    this.assertIdle();
    this.thread = truncateAfter(this.thread, itemId);
    await this.turns.run(requests.retryAfterItem(threadId, itemId));
  }

  /** Retry button of an error or an assistant item: the closest earlier user message. */
  async retry(beforeItemId?: string): Promise<void> {
    const items = this.thread.items;
    const end = beforeItemId ? items.findIndex((item) => item.id === beforeItemId) : items.length;
    const userMessage = items
      .slice(0, end === -1 ? items.length : end)
      .reverse()
      .find((item) => item.type === "user_message");
    if (userMessage) await this.retryFrom(userMessage.id);
  }

  async sendFeedback(itemId: string, kind: "positive" | "negative"): Promise<void> {
    const threadId = this.requireThread();
    this.feedback = { ...this.feedback, [itemId]: kind };
    this.host.requestRender();
    await this.client().feedback(threadId, [itemId], kind);
  }

  // ---- widget actions -----------------------------------------------------------------------

  /**
   * Routes a widget action: `handler: "client"` → `widgets.onAction`; `streaming: false` →
   * `threads.sync_custom_action` (the returned item replaces ours); else a streamed custom action.
   */
  async runWidgetAction(
    action: ActionConfig,
    item: WidgetItem,
    busyKey: string | null,
  ): Promise<void> {
    const wireAction: WireAction = { type: action.type, payload: action.payload ?? undefined };
    if (action.handler === "client") {
      const onAction = this.host.options()?.widgets?.onAction;
      await onAction?.(
        { type: action.type, ...(action.payload ? { payload: action.payload } : {}) },
        { id: item.id, widget: item.widget },
      );
      return;
    }
    const streaming = action.streaming !== false;
    // Widget actions are blocked while a response streams, except sync ones (as in ChatKit.js).
    if (streaming && this.responding) return;
    const threadId = this.requireThread();
    this.setWidgetBusy(busyKey ? { itemId: item.id, key: busyKey } : null);
    try {
      if (streaming) {
        await this.turns.run(requests.customAction(threadId, wireAction, item.id));
      } else {
        const result = await this.client().syncCustomAction(threadId, wireAction, item.id);
        if (result.updated_item) this.thread = replaceItem(this.thread, result.updated_item);
      }
    } finally {
      this.setWidgetBusy(null);
    }
  }

  private setWidgetBusy(busy: WidgetBusy | null): void {
    this.widgetBusy = busy;
    this.host.requestRender();
  }
}
