// Wire frames between the view and the kernel; docs/architecture.md has the full contract and
// chatkit_notebook/frames.py the Python side.

export const NS = "chatkit";

export type FetchRequestFrame = {
  ns: typeof NS;
  type: "request";
  id: string;
  kind: "fetch";
  body: string;
  headers: Record<string, string>;
};

export type CallbackRequestFrame = {
  ns: typeof NS;
  type: "request";
  id: string;
  kind: "callback";
  slot: string;
  args: unknown[];
};

/** Part of an attachment's bytes; the bytes travel in the message's first buffer. */
export type UploadChunkFrame = {
  ns: typeof NS;
  type: "request";
  id: string;
  kind: "upload";
  attachment_id: string;
  offset: number;
  final: boolean;
};

export type CancelFrame = { ns: typeof NS; type: "cancel"; id: string };

/** A `chatkit.*` event of the element, for Python's `chat.on(...)`. */
export type EventFrame = {
  ns: typeof NS;
  type: "event";
  name: string;
  detail: unknown;
  view: string;
};

/** A view was displayed (open) or removed; Python sends its UI calls to the newest view. */
export type ViewFrame = { ns: typeof NS; type: "view"; view: string; open: boolean };

/** A view's answer to a `call` frame. */
export type CallResultFrame = {
  ns: typeof NS;
  type: "result";
  id: string;
  ok: boolean;
  value?: unknown;
  error?: string;
};

/** What a view reports (only the keys it sets). Also synced as traits where that works. */
export type ViewState = {
  ready?: boolean;
  thread_id?: string | null;
  active_renderer?: "builtin" | "chatkit";
  renderer_notice?: string;
  /** The text of a `chatkit.error` event: kept in Python only, never in a synced trait. */
  error?: string;
};

/**
 * A view's state, carried in the chat's own comm frames: a view's trait updates can stop for
 * good (see docs/upstream/anywidget-state-after-await.md), custom messages still arrive.
 */
export type StateFrame = { ns: typeof NS; type: "state"; view: string; values: ViewState };

export type OutgoingFrame =
  | FetchRequestFrame
  | CallbackRequestFrame
  | UploadChunkFrame
  | CancelFrame
  | EventFrame
  | ViewFrame
  | CallResultFrame
  | StateFrame;

export type ErrorInfo = { type: string; message: string; status: number };

export type ResponseFrame = { ns: typeof NS; type: "response"; id: string; body: string };
export type ChunkFrame = { ns: typeof NS; type: "chunk"; id: string; data: string };
export type EndFrame = {
  ns: typeof NS;
  type: "end";
  id: string;
  cancelled?: boolean;
  /** The thread the stream wrote to, so other views of it can refresh. */
  thread_id?: string;
};
export type ErrorFrame = { ns: typeof NS; type: "error"; id: string; error: ErrorInfo };

export type ReplyFrame = ResponseFrame | ChunkFrame | EndFrame | ErrorFrame;

/** Python asks a view to call one of the element's methods (`chat.send_message(...)`). */
export type CallFrame = {
  ns: typeof NS;
  type: "call";
  id: string;
  view: string;
  method: string;
  args: unknown[];
};

const REPLY_TYPES = new Set(["response", "chunk", "end", "error"]);

/** Frames on the comm are untrusted: anything that is not one of ours is ignored. */
export function asReplyFrame(content: unknown): ReplyFrame | null {
  if (typeof content !== "object" || content === null) return null;
  const frame = content as Record<string, unknown>;
  if (frame.ns !== NS || typeof frame.id !== "string" || !REPLY_TYPES.has(String(frame.type))) {
    return null;
  }
  return frame as ReplyFrame;
}

export function asCallFrame(content: unknown): CallFrame | null {
  if (typeof content !== "object" || content === null) return null;
  const frame = content as Record<string, unknown>;
  if (
    frame.ns !== NS ||
    frame.type !== "call" ||
    typeof frame.id !== "string" ||
    typeof frame.view !== "string" ||
    typeof frame.method !== "string" ||
    !Array.isArray(frame.args)
  ) {
    return null;
  }
  return frame as CallFrame;
}
