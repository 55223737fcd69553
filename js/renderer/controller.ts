/**
 * Chat orchestration without DOM: streams requests, feeds events through the reducer (batched per
 * frame), runs client tools, loads threads and history. The element renders `controller` state
 * and forwards the `chatkit.*` events this class emits.
 */
import type {
  Attachment,
  ChatKitEvents,
  ChatKitOptions,
  Command,
  CommandSelection,
  CustomApiConfig,
  Entity,
  OpenAIChatKit,
  ToolChoice,
  UserMessageContent,
  Widgets,
} from "@openai/chatkit";
import {
  type ChatKitRequest,
  type FetchLike,
  isAbortError,
  ProtocolClient,
  requests,
  type WireAction,
} from "./protocol/client";
import type {
  ActionConfig,
  AttachmentWire,
  StructuredInputSubmission,
  ThreadItem,
  ThreadMetadata,
  ThreadStreamEvent,
  UserMessageInput,
  WidgetItem,
} from "./protocol/types";
import { FrameBatcher, type FrameScheduler } from "./state/frame-batcher";
import {
  beginStream,
  completeClientToolCall,
  endStream,
  prependItems,
  reduceEvents,
  replaceItem,
  truncateAfter,
  withError,
} from "./state/reducer";
import { emptyThreadState, loadedThreadState, type ThreadState } from "./state/thread-state";

export type SendUserMessageParams = Parameters<OpenAIChatKit["sendUserMessage"]>[0];
export type ComposerValueParams = Parameters<OpenAIChatKit["setComposerValue"]>[0];

type EventDetail<K extends keyof ChatKitEvents> = ChatKitEvents[K]["detail"];

export interface ControllerHost {
  options(): ChatKitOptions | null;
  language(): string;
  emit<K extends keyof ChatKitEvents>(name: K, detail: EventDetail<K>): void;
  requestRender(): void;
}

export interface HistoryState {
  open: boolean;
  threads: ThreadMetadata[];
  hasMore: boolean;
  after: string | undefined;
  loading: boolean;
}

/** A file in the composer: uploading, ready (server `Attachment`) or failed. */
export interface ComposerAttachment {
  localId: string;
  name: string;
  mimeType: string;
  size: number;
  /** Object URL for a local image preview (revoked on remove/send). */
  previewUrl?: string;
  status: "uploading" | "ready" | "error";
  attachment?: AttachmentWire;
  error?: string;
}

/** The `@` mention being typed in the composer and the entities `onTagSearch` found for it. */
export interface MentionState {
  query: string;
  /** Index of the `@` in the composer text. */
  start: number;
  results: Entity[];
  active: number;
  loading: boolean;
}

/**
 * The "/" command menu: what `commands.onSearch` found for the typed query, or the commands of a
 * `{type: "menu"}` selection (then filtered locally by what is typed after the "/").
 */
export interface CommandMenuState {
  query: string;
  /** Index of the "/" in the composer text; -1 when the menu button opened it without one. */
  start: number;
  results: Command[];
  active: number;
  loading: boolean;
  submenu: Command[] | null;
}

/** A "/" at the very start of the composer, followed by the query typed so far. */
const COMMAND_QUERY = /^\/([^\s/]*)$/;

/** A hover card for an entity tag: `key` names the tag (item id + part index). */
export interface EntityPreview {
  key: string;
  widget: Widgets.BasicRoot | null;
  loading: boolean;
}

/** Which widget control(s) an action in flight disables: one control path or the whole item. */
export interface WidgetBusy {
  itemId: string;
  key: string;
}

const PAGE_SIZE = 20;

export class ChatController {
  thread: ThreadState = emptyThreadState();
  composerText = "";
  /** Entities inserted with `@`; each appears in the text as `@title` until the user deletes it. */
  composerTags: Entity[] = [];
  mention: MentionState | null = null;
  commandMenu: CommandMenuState | null = null;
  entityPreview: EntityPreview | null = null;
  attachments: ComposerAttachment[] = [];
  selectedToolId: string | null = null;
  /** Chosen in the model picker; null → the option marked `default` (or the first enabled). */
  selectedModelId: string | null = null;
  responding = false;
  loadingThread = false;
  /** Text of the message being sent, shown until the server echoes the user_message item. */
  pendingUserText: string | null = null;
  /** Cursor for `items.list` (desc) when a long thread was opened at its newest page. */
  olderCursor: string | undefined;
  history: HistoryState = {
    open: false,
    threads: [],
    hasMore: false,
    after: undefined,
    loading: false,
  };
  feedback: Record<string, "positive" | "negative"> = {};
  widgetBusy: WidgetBusy | null = null;

  private abort: AbortController | null = null;
  private mentionSeq = 0;
  private commandSeq = 0;
  private attachmentSeq = 0;
  private readonly batcher: FrameBatcher<ThreadStreamEvent>;

  constructor(
    private readonly host: ControllerHost,
    schedule?: FrameScheduler,
  ) {
    this.batcher = new FrameBatcher((events) => this.applyEvents(events), schedule);
  }

  get threadId(): string | null {
    return this.thread.thread?.id ?? null;
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
    if (params.newThread && this.threadId) this.switchToNewThread();
    this.pendingUserText = content
      .map((part) => (part.type === "input_tag" ? `@${part.text}` : part.text))
      .join("");
    const threadId = this.threadId;
    await this.runStream(
      threadId ? requests.addUserMessage(threadId, input) : requests.createThread(input),
    );
  }

  /** Sends the composer text (Enter / send button) with its tags, tool and model. */
  async submitComposer(): Promise<void> {
    const text = this.composerText.trim();
    const ready = this.attachments.filter((a) => a.status === "ready" && a.attachment);
    if ((!text && !ready.length) || this.responding || this.composerLock() || this.uploading()) {
      return;
    }
    const content = composerContent(text, this.composerTags);
    const toolChoice = this.selectedToolId ? { id: this.selectedToolId } : undefined;
    const model = this.modelId();
    const tool = this.host.options()?.composer?.tools?.find((t) => t.id === this.selectedToolId);
    this.composerText = "";
    this.composerTags = [];
    this.mention = null;
    this.closeCommands();
    this.clearAttachments();
    if (tool && !tool.persistent) this.selectTool(null);
    await this.sendUserMessage({
      content,
      attachments: ready.map((a) => a.attachment as unknown as Attachment),
      ...(toolChoice ? { toolChoice } : {}),
      ...(model ? { model } : {}),
    }).catch((error) => this.reportError(error));
  }

  setComposerValue(params: ComposerValueParams): void {
    if (params.text !== undefined) {
      this.composerText = params.text;
      this.composerTags = [];
    } else if (params.content) {
      this.composerText = params.content
        .map((part) => (part.type === "input_tag" ? `@${part.text}` : part.text))
        .join("");
      this.composerTags = params.content.flatMap((part) =>
        part.type === "input_tag" ? [entityOfTag(part)] : [],
      );
    }
    if (params.selectedToolId !== undefined) this.selectTool(params.selectedToolId);
    if (params.selectedModelId !== undefined) this.selectModel(params.selectedModelId);
    this.host.requestRender();
  }

  selectTool(toolId: string | null): void {
    if (toolId === this.selectedToolId) return;
    this.selectedToolId = toolId;
    this.host.emit("chatkit.tool.change", { toolId });
    this.host.requestRender();
  }

  selectModel(modelId: string | null): void {
    this.selectedModelId = modelId;
    this.host.requestRender();
  }

  /** The model sent as `inference_options.model`, if the composer offers models. */
  modelId(): string | undefined {
    const models = (this.host.options()?.composer?.models ?? []).filter((m) => !m.disabled);
    const chosen =
      models.find((m) => m.id === this.selectedModelId) ??
      models.find((m) => m.default) ??
      models[0];
    return chosen?.id;
  }

  /** Locked and closed threads take no new messages; the reason is shown instead. */
  composerLock(): { type: "locked" | "closed"; reason?: string } | null {
    const status = this.thread.thread?.status;
    if (!status || status.type === "active") return null;
    return status.reason ? { type: status.type, reason: status.reason } : { type: status.type };
  }

  // ---- attachments --------------------------------------------------------------------------

  uploading(): boolean {
    return this.attachments.some((a) => a.status === "uploading");
  }

  /**
   * Uploads picked files through `api.fetch`: `two_phase` (default) registers each file with
   * `attachments.create`, then sends its bytes to the returned `upload_descriptor`; `direct`
   * posts the file to `uploadStrategy.uploadUrl`, which answers with the Attachment.
   */
  async addFiles(files: readonly File[]): Promise<void> {
    const config = this.host.options()?.composer?.attachments;
    if (!config?.enabled) return;
    const room = (config.maxCount ?? 10) - this.attachments.length;
    const accepted: ComposerAttachment[] = [];
    for (const file of files.slice(0, Math.max(0, room))) {
      const limit = maxSizeFor(config.maxSize, file.type);
      const entry: ComposerAttachment = {
        localId: `local_${++this.attachmentSeq}`,
        name: file.name,
        mimeType: file.type || "application/octet-stream",
        size: file.size,
        status: file.size > limit ? "error" : "uploading",
        ...(file.size > limit ? { error: "too-large" } : {}),
        ...(file.type.startsWith("image/") && typeof URL.createObjectURL === "function"
          ? { previewUrl: URL.createObjectURL(file) }
          : {}),
      };
      accepted.push(entry);
    }
    if (files.length > room) {
      this.host.emit("chatkit.error", {
        error: new Error(`At most ${config.maxCount ?? 10} attachments per message.`),
      });
    }
    this.attachments = [...this.attachments, ...accepted];
    this.host.requestRender();
    await Promise.all(
      accepted.map((entry, index) =>
        entry.status === "uploading" ? this.upload(entry.localId, files[index] as File) : null,
      ),
    );
  }

  removeAttachment(localId: string): void {
    const entry = this.attachments.find((a) => a.localId === localId);
    if (!entry) return;
    if (entry.previewUrl) URL.revokeObjectURL?.(entry.previewUrl);
    this.attachments = this.attachments.filter((a) => a.localId !== localId);
    if (entry.attachment) {
      this.client()
        .json(requests.deleteAttachment(entry.attachment.id))
        .catch(() => undefined);
    }
    this.host.requestRender();
  }

  private clearAttachments(): void {
    for (const entry of this.attachments)
      if (entry.previewUrl) URL.revokeObjectURL?.(entry.previewUrl);
    this.attachments = [];
  }

  private async upload(localId: string, file: File): Promise<void> {
    const update = (patch: Partial<ComposerAttachment>) => {
      this.attachments = this.attachments.map((a) =>
        a.localId === localId ? { ...a, ...patch } : a,
      );
      this.host.requestRender();
    };
    try {
      const api = this.host.options()?.api as CustomApiConfig | undefined;
      const form = new FormData();
      form.append("file", file, file.name);
      let attachment: AttachmentWire;
      if (api?.uploadStrategy?.type === "direct") {
        const response = await this.rawFetch(api.uploadStrategy.uploadUrl, {
          method: "POST",
          body: form,
        });
        attachment = (await response.json()) as AttachmentWire;
      } else {
        attachment = await this.client().json<AttachmentWire>(
          requests.createAttachment(file.name, file.size, file.type || "application/octet-stream"),
        );
        const descriptor = attachment.upload_descriptor;
        if (descriptor) {
          const response = await this.rawFetch(descriptor.url, {
            method: descriptor.method,
            headers: descriptor.headers ?? {},
            body: form,
          });
          const { upload_descriptor: _done, ...uploaded } = attachment;
          // The kernel answers with the stored attachment (e.g. with its preview); else keep ours.
          const stored = (await response.json().catch(() => null)) as AttachmentWire | null;
          attachment = stored?.id === attachment.id ? stored : uploaded;
        }
      }
      if (!this.attachments.some((a) => a.localId === localId)) return; // removed meanwhile
      update({ status: "ready", attachment });
    } catch (error) {
      update({ status: "error", error: errorMessage(error) });
      this.host.emit("chatkit.error", { error: asError(error) });
    }
  }

  /** A non-protocol request (file bytes) through the same `api.fetch`. */
  private async rawFetch(url: string, init: RequestInit): Promise<Response> {
    const api = this.host.options()?.api as CustomApiConfig | undefined;
    const fetchFn = api?.fetch ?? fetch;
    const response = await fetchFn(url, init);
    if (!response.ok) throw new Error(`Upload failed with status ${response.status}`);
    return response;
  }

  // ---- entities -----------------------------------------------------------------------------

  /** Called on every composer edit: an `@word` before the caret searches entities. */
  async updateMention(text: string, caret: number): Promise<void> {
    const search = this.host.options()?.entities?.onTagSearch;
    const match = search ? /(^|\s)@([^\s@]*)$/.exec(text.slice(0, caret)) : null;
    if (!search || !match) {
      this.closeMention();
      return;
    }
    const query = match[2] ?? "";
    const seq = ++this.mentionSeq;
    this.mention = {
      query,
      start: caret - query.length - 1,
      results: this.mention?.results ?? [],
      active: 0,
      loading: true,
    };
    this.host.requestRender();
    try {
      const results = await search(query);
      if (seq !== this.mentionSeq || !this.mention) return;
      this.mention = { ...this.mention, results: results ?? [], loading: false, active: 0 };
    } catch (error) {
      if (seq === this.mentionSeq) this.mention = null;
      this.host.emit("chatkit.error", { error: asError(error) });
    }
    this.host.requestRender();
  }

  closeMention(): void {
    this.mentionSeq++;
    if (!this.mention) return;
    this.mention = null;
    this.host.requestRender();
  }

  moveMention(delta: number): void {
    const mention = this.mention;
    if (!mention?.results.length) return;
    const count = mention.results.length;
    this.mention = { ...mention, active: (mention.active + delta + count) % count };
    this.host.requestRender();
  }

  /** Replaces the typed `@query` with `@title ` and records the tag; returns the new caret. */
  chooseMention(entity: Entity): number {
    const mention = this.mention;
    const start = mention?.start ?? this.composerText.length;
    const end = mention ? start + 1 + mention.query.length : start;
    const inserted = `@${entity.title} `;
    this.composerText = this.composerText.slice(0, start) + inserted + this.composerText.slice(end);
    if (!this.composerTags.some((tag) => tag.id === entity.id)) {
      this.composerTags = [...this.composerTags, entity];
    }
    this.closeMention();
    this.host.requestRender();
    return start + inserted.length;
  }

  /** Hover on a tag: ask `entities.onRequestPreview` for a widget to show in a card. */
  async previewEntity(key: string, entity: Entity): Promise<void> {
    const request = this.host.options()?.entities?.onRequestPreview;
    if (!request) return;
    this.entityPreview = { key, widget: null, loading: true };
    this.host.requestRender();
    try {
      const { preview } = await request(entity);
      if (this.entityPreview?.key !== key) return;
      this.entityPreview = { key, widget: preview ?? null, loading: false };
    } catch (error) {
      if (this.entityPreview?.key === key) this.entityPreview = null;
      this.host.emit("chatkit.error", { error: asError(error) });
    }
    this.host.requestRender();
  }

  hidePreview(key: string): void {
    if (this.entityPreview?.key !== key) return;
    this.entityPreview = null;
    this.host.requestRender();
  }

  // ---- commands ---------------------------------------------------------------------------

  commandsEnabled(): boolean {
    return this.host.options()?.commands?.enabled === true;
  }

  /** Called on every composer edit: a "/query" at the start of the text searches commands. */
  async updateCommand(text: string, caret: number): Promise<void> {
    const match = this.commandsEnabled() ? COMMAND_QUERY.exec(text.slice(0, caret)) : null;
    if (!match) {
      this.closeCommands();
      return;
    }
    await this.searchCommands(match[1] ?? "", 0);
  }

  /** The menu button: with an empty composer it types the "/", else it opens the menu as is. */
  async openCommands(): Promise<void> {
    if (!this.commandsEnabled()) return;
    if (!this.composerText) {
      this.composerText = "/";
      await this.searchCommands("", 0);
    } else {
      await this.searchCommands("", -1);
    }
  }

  private async searchCommands(query: string, start: number): Promise<void> {
    const seq = ++this.commandSeq;
    const submenu = this.commandMenu?.submenu ?? null;
    if (submenu) {
      const needle = query.toLowerCase();
      const results = submenu.filter((command) => command.label.toLowerCase().includes(needle));
      this.commandMenu = { query, start, results, active: 0, loading: false, submenu };
      this.host.requestRender();
      return;
    }
    const search = this.host.options()?.commands?.onSearch;
    this.commandMenu = {
      query,
      start,
      results: this.commandMenu?.results ?? [],
      active: 0,
      loading: !!search,
      submenu: null,
    };
    this.host.requestRender();
    if (!search) return;
    try {
      const results = await search(query);
      if (seq !== this.commandSeq || !this.commandMenu) return;
      this.commandMenu = { ...this.commandMenu, results: results ?? [], loading: false, active: 0 };
    } catch (error) {
      if (seq === this.commandSeq) this.commandMenu = null;
      this.host.emit("chatkit.error", { error: asError(error) });
    }
    this.host.requestRender();
  }

  closeCommands(): void {
    this.commandSeq++;
    if (!this.commandMenu) return;
    this.commandMenu = null;
    this.host.requestRender();
  }

  moveCommand(delta: number): void {
    const menu = this.commandMenu;
    if (!menu?.results.length) return;
    const count = menu.results.length;
    this.commandMenu = { ...menu, active: (menu.active + delta + count) % count };
    this.host.requestRender();
  }

  /**
   * Runs `commands.onSelect`: an entity replaces the typed "/query" with its tag, a menu replaces
   * the results (the "/" stays, to filter it), nothing removes the "/query" and closes the menu.
   * Resolves to the caret position for the composer, or null when the menu was closed meanwhile.
   */
  async chooseCommand(command: Command): Promise<number | null> {
    const menu = this.commandMenu;
    if (!menu) return null;
    const seq = ++this.commandSeq;
    const { start, query } = menu;
    const typedEnd = start >= 0 ? start + 1 + query.length : this.composerText.length;
    const typedStart = start >= 0 ? start : this.composerText.length;
    this.commandMenu = { ...menu, loading: true };
    this.host.requestRender();
    let selection: CommandSelection | undefined;
    try {
      selection = (await this.host.options()?.commands?.onSelect?.(command)) ?? undefined;
    } catch (error) {
      if (seq === this.commandSeq) this.closeCommands();
      this.host.emit("chatkit.error", { error: asError(error) });
      return null;
    }
    if (seq !== this.commandSeq) return null;
    const before = this.composerText.slice(0, typedStart);
    const after = this.composerText.slice(typedEnd);
    if (selection?.type === "menu") {
      const slash = start >= 0 ? "/" : "";
      this.composerText = before + slash + after;
      this.commandMenu = {
        query: "",
        start,
        results: selection.commands,
        active: 0,
        loading: false,
        submenu: selection.commands,
      };
      this.host.requestRender();
      return typedStart + slash.length;
    }
    if (selection?.type === "entity") {
      const { entity } = selection;
      const spacer = before && !/\s$/.test(before) ? " " : "";
      const inserted = `${spacer}@${entity.title} `;
      this.composerText = before + inserted + after;
      if (!this.composerTags.some((tag) => tag.id === entity.id)) {
        this.composerTags = [...this.composerTags, entity];
      }
      this.closeCommands();
      this.host.requestRender();
      return typedStart + inserted.length;
    }
    this.composerText = before + after;
    this.closeCommands();
    this.host.requestRender();
    return typedStart;
  }

  // ---- structured input ---------------------------------------------------------------------

  /** Answers (or skips) a pending structured_input item; the server then continues the turn. */
  async submitStructuredInput(itemId: string, input: StructuredInputSubmission): Promise<void> {
    const threadId = this.requireThread();
    this.assertIdle();
    await this.runStream(requests.addStructuredInput(threadId, itemId, input));
  }

  /** Stop button: aborting the fetch makes the kernel cancel the turn (partial reply is kept). */
  stop(): void {
    this.abort?.abort();
  }

  async sendCustomAction(action: WireAction, itemId?: string): Promise<void> {
    const threadId = this.requireThread();
    this.assertIdle();
    await this.runStream(requests.customAction(threadId, action, itemId));
  }

  /** Retry after a failed/unsatisfying turn: re-run the server from the user message `itemId`. */
  async retryFrom(itemId: string): Promise<void> {
    const threadId = this.requireThread();
    this.assertIdle();
    this.thread = truncateAfter(this.thread, itemId);
    await this.runStream(requests.retryAfterItem(threadId, itemId));
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
        await this.runStream(requests.customAction(threadId, wireAction, item.id));
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

  // ---- threads ------------------------------------------------------------------------------

  async setThreadId(threadId: string | null): Promise<void> {
    if (threadId === this.threadId) return;
    this.assertIdle();
    if (threadId === null) {
      this.switchToNewThread();
      return;
    }
    await this.loadThread(threadId, true);
  }

  /** Re-reads the open thread from the server (after it was changed outside the chat). */
  async fetchUpdates(): Promise<void> {
    if (!this.threadId || this.responding) return;
    await this.loadThread(this.threadId, false);
  }

  /** Pages one step further back through a long thread. */
  async loadOlder(): Promise<void> {
    const threadId = this.threadId;
    if (!threadId || !this.olderCursor) return;
    const page = await this.client().listItems(threadId, PAGE_SIZE, "desc", this.olderCursor);
    this.thread = prependItems(this.thread, page.data.slice().reverse());
    this.olderCursor = page.has_more ? page.data.at(-1)?.id : undefined;
    this.host.requestRender();
  }

  /**
   * `get_by_id` returns the *first* 20 items (asc). For longer threads we show the newest page
   * instead (items.list desc) and page back with "load earlier".
   */
  private async loadThread(threadId: string, announce: boolean): Promise<void> {
    if (announce) {
      this.host.emit("chatkit.thread.load.start", { threadId });
      this.loadingThread = true;
      this.host.requestRender();
    }
    try {
      const thread = await this.client().getThread(threadId);
      let items = thread.items?.data ?? [];
      let older: string | undefined;
      if (thread.items?.has_more) {
        const newest = await this.client().listItems(threadId, PAGE_SIZE, "desc");
        items = newest.data.slice().reverse();
        older = newest.has_more ? newest.data.at(-1)?.id : undefined;
      }
      const changed = this.threadId !== thread.id;
      this.thread = loadedThreadState(thread, items);
      this.olderCursor = older;
      this.pendingUserText = null;
      if (changed) this.host.emit("chatkit.thread.change", { threadId: thread.id });
    } catch (error) {
      this.reportError(error);
      throw error;
    } finally {
      if (announce) {
        this.loadingThread = false;
        this.host.emit("chatkit.thread.load.end", { threadId });
      }
      this.host.requestRender();
    }
  }

  private switchToNewThread(): void {
    const hadThread = this.threadId !== null;
    this.entityPreview = null;
    this.thread = emptyThreadState();
    this.olderCursor = undefined;
    this.feedback = {};
    if (hadThread) this.host.emit("chatkit.thread.change", { threadId: null });
    this.host.requestRender();
  }

  // ---- history ------------------------------------------------------------------------------

  async showHistory(): Promise<void> {
    if (!this.history.open) {
      this.history = { ...this.history, open: true, threads: [], after: undefined, hasMore: false };
      this.host.emit("chatkit.history.open", undefined);
    }
    await this.loadMoreThreads();
  }

  hideHistory(): void {
    if (!this.history.open) return;
    this.history = { ...this.history, open: false };
    this.host.emit("chatkit.history.close", undefined);
    this.host.requestRender();
  }

  async loadMoreThreads(): Promise<void> {
    this.history = { ...this.history, loading: true };
    this.host.requestRender();
    try {
      const page = await this.client().listThreads(PAGE_SIZE, this.history.after);
      const threads = [...this.history.threads, ...page.data];
      this.history = {
        ...this.history,
        threads,
        hasMore: page.has_more,
        after: page.after ?? threads.at(-1)?.id,
      };
    } catch (error) {
      this.reportError(error);
    } finally {
      this.history = { ...this.history, loading: false };
      this.host.requestRender();
    }
  }

  async openFromHistory(threadId: string): Promise<void> {
    this.hideHistory();
    await this.setThreadId(threadId);
  }

  async renameThread(threadId: string, title: string): Promise<void> {
    const updated = await this.client().updateThread(threadId, title);
    const newTitle = updated.title ?? title;
    this.history = {
      ...this.history,
      threads: this.history.threads.map((t) => (t.id === threadId ? { ...t, title: newTitle } : t)),
    };
    if (this.threadId === threadId && this.thread.thread) {
      this.thread = { ...this.thread, thread: { ...this.thread.thread, title: newTitle } };
    }
    this.host.requestRender();
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.client().deleteThread(threadId);
    this.history = {
      ...this.history,
      threads: this.history.threads.filter((t) => t.id !== threadId),
    };
    if (this.threadId === threadId) this.switchToNewThread();
    this.host.requestRender();
  }

  // ---- streaming core -----------------------------------------------------------------------

  private async runStream(request: ChatKitRequest): Promise<void> {
    const abort = new AbortController();
    this.abort = abort;
    this.responding = true;
    this.thread = beginStream(this.thread);
    this.host.emit("chatkit.log", { name: "request", data: { type: request.type } });
    this.host.emit("chatkit.response.start", undefined);
    this.host.requestRender();
    try {
      for await (const events of this.client().streamBatches(request, abort.signal)) {
        if (abort.signal.aborted) break;
        this.batcher.pushAll(events);
      }
    } catch (error) {
      if (!isAbortError(error) && !abort.signal.aborted) {
        this.batcher.flush();
        this.thread = withError(this.thread, errorMessage(error), false);
        this.host.emit("chatkit.error", { error: asError(error) });
      }
    } finally {
      this.batcher.flush();
      this.thread = endStream(this.thread);
      this.pendingUserText = null;
      this.abort = null;
      this.responding = false;
      this.host.emit("chatkit.response.end", undefined);
      this.host.requestRender();
    }
    if (!abort.signal.aborted) await this.runPendingClientTool();
  }

  private applyEvents(events: ThreadStreamEvent[]): void {
    const previousThreadId = this.threadId;
    this.thread = reduceEvents(this.thread, events);
    for (const event of events) {
      if (event.type === "client_effect") {
        this.host.emit("chatkit.effect", {
          name: event.name,
          ...(event.data ? { data: event.data } : {}),
        });
      } else if (event.type === "error") {
        this.host.emit("chatkit.error", {
          error: new Error(event.message || event.code || "error"),
        });
      } else if (event.type === "thread.item.done" && event.item.type === "user_message") {
        this.pendingUserText = null;
      }
    }
    if (this.threadId !== previousThreadId) {
      this.host.emit("chatkit.thread.change", { threadId: this.threadId });
    }
    this.host.requestRender();
  }

  /**
   * A stream that ends on a pending client_tool_call waits for us: run `onClientTool`, then send
   * its result (or `{error}`) with `threads.add_client_tool_output`, which continues the turn.
   */
  private async runPendingClientTool(): Promise<void> {
    const last = this.thread.items.at(-1);
    const threadId = this.threadId;
    if (!threadId || last?.type !== "client_tool_call" || last.status !== "pending") return;
    let result: unknown;
    try {
      const handler = this.host.options()?.onClientTool;
      if (!handler) throw new Error(`No onClientTool handler for "${last.name}"`);
      result = await handler({ name: last.name, params: last.arguments });
    } catch (error) {
      result = { error: errorMessage(error) };
      this.host.emit("chatkit.error", { error: asError(error) });
    }
    this.thread = completeClientToolCall(this.thread, last.id, result);
    await this.runStream(requests.addClientToolOutput(threadId, result ?? {}));
  }

  // ---- helpers ------------------------------------------------------------------------------

  reportError(error: unknown): void {
    if (isAbortError(error)) return;
    this.thread = withError(this.thread, errorMessage(error), false);
    this.host.emit("chatkit.error", { error: asError(error) });
    this.host.requestRender();
  }

  private client(): ProtocolClient {
    const api = this.host.options()?.api;
    if (!api || !("url" in api)) {
      throw new Error("The builtin renderer needs a custom api config ({url, domainKey, fetch}).");
    }
    const custom = api as CustomApiConfig;
    const fetchFn: FetchLike = custom.fetch
      ? (url, init) => (custom.fetch as typeof fetch)(url, init)
      : (url, init) => fetch(url, init);
    return new ProtocolClient({
      url: custom.url,
      fetch: fetchFn,
      locale: () => this.host.language(),
    });
  }

  private requireThread(): string {
    const threadId = this.threadId;
    if (!threadId) throw new Error("There is no open thread.");
    return threadId;
  }

  private assertIdle(): void {
    if (this.responding) throw new Error("A response is in progress.");
  }
}

/** Composer text → content parts: each recorded tag whose `@title` is still there becomes a tag. */
export function composerContent(text: string, tags: readonly Entity[]): UserMessageContent[] {
  const present = tags
    .filter((tag) => text.includes(`@${tag.title}`))
    .sort((a, b) => b.title.length - a.title.length);
  const parts: UserMessageContent[] = [];
  let rest = text;
  while (rest) {
    let best: { index: number; tag: Entity } | null = null;
    for (const tag of present) {
      const index = rest.indexOf(`@${tag.title}`);
      if (index !== -1 && (best === null || index < best.index)) best = { index, tag };
    }
    if (!best) {
      parts.push({ type: "input_text", text: rest });
      break;
    }
    if (best.index > 0) parts.push({ type: "input_text", text: rest.slice(0, best.index) });
    parts.push(tagPart(best.tag));
    rest = rest.slice(best.index + best.tag.title.length + 1);
  }
  return parts.length ? parts : [{ type: "input_text", text }];
}

function tagPart(entity: Entity): UserMessageContent {
  return {
    type: "input_tag",
    id: entity.id,
    text: entity.title,
    ...(entity.group ? { group: entity.group } : {}),
    data: entity.data ?? {}, // required by the server's UserMessageTagContent
    interactive: entity.interactive ?? false,
  };
}

/** The entity a sent tag stands for (for `entities.onClick` / `onRequestPreview`). */
export function entityOfTag(part: {
  id: string;
  text: string;
  group?: string;
  data?: Record<string, unknown>;
  interactive?: boolean;
}): Entity {
  return {
    id: part.id,
    title: part.text,
    ...(part.group ? { group: part.group } : {}),
    ...(part.data ? { data: part.data as Record<string, string> } : {}),
    ...(part.interactive !== undefined ? { interactive: part.interactive } : {}),
  };
}

/** `composer.attachments.maxSize`: one number, or MIME patterns (`image/*`, `*`) → bytes. */
export function maxSizeFor(maxSize: number | Record<string, number> | undefined, mime: string) {
  const fallback = 100 * 1024 * 1024;
  if (maxSize === undefined) return fallback;
  if (typeof maxSize === "number") return maxSize;
  if (mime in maxSize) return maxSize[mime] as number;
  const wildcard = `${mime.split("/")[0]}/*`;
  if (wildcard in maxSize) return maxSize[wildcard] as number;
  return maxSize["*"] ?? maxSize[""] ?? fallback;
}

function inferenceOptions(toolChoice: ToolChoice | undefined, model: string | undefined) {
  return { ...(toolChoice ? { tool_choice: toolChoice } : {}), ...(model ? { model } : {}) };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export type { ThreadItem };
