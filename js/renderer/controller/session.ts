/**
 * The open thread and what is happening to it, shared by every part of the controller, plus the
 * protocol client built from the current options.
 */
import type { ChatKitEvents, ChatKitOptions, CustomApiConfig } from "@openai/chatkit";
import { type FetchLike, isAbortError, ProtocolClient } from "../protocol/client";
import { withError } from "../state/reducer";
import { emptyThreadState, type ThreadState } from "../state/thread-state";

type EventDetail<K extends keyof ChatKitEvents> = ChatKitEvents[K]["detail"];

export interface ControllerHost {
  options(): ChatKitOptions | null;
  language(): string;
  emit<K extends keyof ChatKitEvents>(name: K, detail: EventDetail<K>): void;
  requestRender(): void;
}

/** Which widget control(s) an action in flight disables: one control path or the whole item. */
export interface WidgetBusy {
  itemId: string;
  key: string;
}

export class ChatSession {
  thread: ThreadState = emptyThreadState();
  responding = false;
  loadingThread = false;
  /** Text of the message being sent, shown until the server echoes the user_message item. */
  pendingUserText: string | null = null;
  /** Cursor for `items.list` (desc) when a long thread was opened at its newest page. */
  olderCursor: string | undefined;
  feedback: Record<string, "positive" | "negative"> = {};
  widgetBusy: WidgetBusy | null = null;

  constructor(readonly host: ControllerHost) {}

  get threadId(): string | null {
    return this.thread.thread?.id ?? null;
  }

  reportError(error: unknown): void {
    if (isAbortError(error)) return;
    this.thread = withError(this.thread, errorMessage(error), false);
    this.host.emit("chatkit.error", { error: asError(error) });
    this.host.requestRender();
  }

  client(): ProtocolClient {
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

  requireThread(): string {
    const threadId = this.threadId;
    if (!threadId) throw new Error("There is no open thread.");
    return threadId;
  }

  assertIdle(): void {
    if (this.responding) throw new Error("A response is in progress.");
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
