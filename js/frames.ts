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

export type CancelFrame = { ns: typeof NS; type: "cancel"; id: string };

export type OutgoingFrame = FetchRequestFrame | CancelFrame;

export type ErrorInfo = { type: string; message: string; status: number };

export type ResponseFrame = { ns: typeof NS; type: "response"; id: string; body: string };
export type ChunkFrame = { ns: typeof NS; type: "chunk"; id: string; data: string };
export type EndFrame = { ns: typeof NS; type: "end"; id: string; cancelled?: boolean };
export type ErrorFrame = { ns: typeof NS; type: "error"; id: string; error: ErrorInfo };

export type ReplyFrame = ResponseFrame | ChunkFrame | EndFrame | ErrorFrame;

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
