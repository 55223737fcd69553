// The comm-backed `fetch`: every ChatKit request travels to the kernel as a frame, and the answer
// comes back as a real Response (an SSE ReadableStream or JSON). One listener per model.

import type { AnyModel } from "@anywidget/types";
import {
  asCallFrame,
  asReplyFrame,
  type CallFrame,
  type ErrorInfo,
  NS,
  type OutgoingFrame,
  type ReplyFrame,
  type ViewState,
} from "./frames";

export type CallHandler = (frame: CallFrame) => void;

/** ChatKit's two-phase upload URL for an attachment (see chatkit_notebook/stores/attachments.py). */
export const UPLOAD_PREFIX = "chatkit-notebook://upload/";
/** Jupyter caps a browser message at 10 MiB; uploads travel in much smaller pieces. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

/** A request unanswered this long is probably queued behind a running cell. */
export const WAITING_AFTER_MS = 1500;

type Pending = {
  /** Called with each reply frame for this id until it returns true (settled). */
  onFrame: (frame: ReplyFrame) => void;
  /** The model is gone (kernel restart, widget closed): fail whatever is in flight. */
  onClosed: (reason: string) => void;
};

let counter = 0;
function newId(): string {
  counter += 1;
  const random = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  return `${random}-${counter}`;
}

function abortError(): DOMException {
  return new DOMException("The request was aborted.", "AbortError");
}

function errorResponse(error: ErrorInfo): Response {
  return new Response(JSON.stringify({ error: { type: error.type, message: error.message } }), {
    status: error.status >= 400 && error.status <= 599 ? error.status : 500,
    headers: { "content-type": "application/json" },
  });
}

/** An SSE `error` event, so a stream that fails half-way shows the error in the chat. */
export function sseErrorEvent(message: string): string {
  return `data: ${JSON.stringify({ type: "error", code: "custom", message, allow_retry: true })}\n\n`;
}

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers ?? {}).forEach((value, key) => {
    out[key.toLowerCase()] = value;
  });
  return out;
}

/** ChatKit posts the file as multipart `file`; a plain Blob or buffer body works too. */
function uploadedFile(input: RequestInfo | URL, init: RequestInit | undefined): Blob {
  const body = init?.body;
  if (body instanceof FormData) {
    const file = body.get("file");
    if (file instanceof Blob) return file;
    throw new TypeError("the upload has no `file` field");
  }
  if (body instanceof Blob) return body;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return new Blob([body]);
  if (typeof body === "string") return new Blob([body]);
  if (input instanceof Request) throw new TypeError("upload bodies must be given in init.body");
  return new Blob([]);
}

async function bodyOf(input: RequestInfo | URL, init: RequestInit | undefined): Promise<string> {
  if (init?.body != null) {
    if (typeof init.body === "string") return init.body;
    return await new Response(init.body).text();
  }
  if (input instanceof Request) return await input.text();
  return "";
}

export class RpcClient {
  private readonly pending = new Map<string, Pending>();
  private readonly callHandlers = new Map<string, CallHandler>();
  private readonly unanswered = new Map<string, ReturnType<typeof setTimeout> | null>();
  private readonly waitingListeners = new Set<(waiting: boolean) => void>();
  private readonly threadListeners = new Set<(threadId: string, origin?: string) => void>();
  /** Which view asked for each request, so it does not refresh after its own stream. */
  private readonly origins = new Map<string, string>();
  /** Requests this tab cancelled: their late frames are ours, not another tab's stream. */
  private readonly cancelled = new Set<string>();
  private readonly listener = (content: unknown) => this.dispatch(content);
  private closed: string | null = null;

  constructor(private readonly model: AnyModel) {
    model.on("msg:custom", this.listener);
  }

  /** Requests currently waiting for the kernel (shown as "waiting for the kernel"). */
  get inFlight(): number {
    return this.pending.size;
  }

  /** True while some request has had no reply for a while (the kernel is busy). */
  get waiting(): boolean {
    for (const timer of this.unanswered.values()) if (timer === null) return true;
    return false;
  }

  onWaitingChange(listener: (waiting: boolean) => void): () => void {
    this.waitingListeners.add(listener);
    return () => this.waitingListeners.delete(listener);
  }

  /**
   * A stream finished writing to a thread. Views showing that thread which did not start the
   * stream (another view, another tab, a page reloaded meanwhile) should fetch its new items.
   */
  onThreadWritten(listener: (threadId: string, origin?: string) => void): () => void {
    this.threadListeners.add(listener);
    return () => this.threadListeners.delete(listener);
  }

  dispose(reason = "the chat widget was closed"): void {
    this.model.off("msg:custom", this.listener);
    this.closed = reason;
    for (const entry of [...this.pending.values()]) entry.onClosed(reason);
    this.pending.clear();
    for (const id of [...this.unanswered.keys()]) this.answered(id);
  }

  /** A `fetch` for ChatKit's `api.fetch`: it never touches the network. */
  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    this.request(input, init, undefined);

  /** A `fetch` whose streams are known to come from `origin` (a view), see `onThreadWritten`. */
  fetchAs(origin: string): typeof globalThis.fetch {
    return (input, init) => this.request(input, init, origin);
  }

  private async request(
    input: RequestInfo | URL,
    init: RequestInit | undefined,
    origin: string | undefined,
  ): Promise<Response> {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    if (signal?.aborted) throw abortError();
    if (this.closed) throw new TypeError(`ChatKit request failed: ${this.closed}`);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(UPLOAD_PREFIX)) {
      return await this.upload(url.slice(UPLOAD_PREFIX.length), input, init, signal);
    }
    const body = await bodyOf(input, init);
    const id = newId();
    if (origin) this.origins.set(id, origin);
    return await new Promise<Response>((resolve, reject) => {
      let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
      let settled = false;
      const encoder = new TextEncoder();

      const finish = () => {
        this.pending.delete(id);
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = () => {
        if (!this.pending.has(id)) return; // already answered: nothing to cancel
        finish();
        this.cancel(id);
        if (controller) controller.error(abortError());
        else reject(abortError());
      };
      const startStream = () => {
        settled = true;
        const stream = new ReadableStream<Uint8Array>({
          start: (c) => {
            controller = c;
          },
          cancel: () => {
            // The reader gave up (ChatKit navigated away): stop the kernel's work too.
            if (this.pending.has(id)) {
              finish();
              this.cancel(id);
            }
          },
        });
        resolve(
          new Response(stream, {
            status: 200,
            headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
          }),
        );
      };

      this.pending.set(id, {
        onFrame: (frame) => {
          switch (frame.type) {
            case "response":
              finish();
              settled = true;
              resolve(
                new Response(frame.body, {
                  status: 200,
                  headers: { "content-type": "application/json" },
                }),
              );
              return;
            case "chunk":
              if (!settled) startStream();
              controller?.enqueue(encoder.encode(frame.data));
              return;
            case "end":
              finish();
              if (!settled) startStream();
              controller?.close();
              return;
            case "error":
              finish();
              if (!settled) {
                settled = true;
                resolve(errorResponse(frame.error));
              } else {
                controller?.enqueue(encoder.encode(sseErrorEvent(frame.error.message)));
                controller?.close();
              }
              return;
          }
        },
        onClosed: (reason) => {
          finish();
          const error = new TypeError(`ChatKit request failed: ${reason}`);
          if (controller) {
            controller.enqueue(encoder.encode(sseErrorEvent(reason)));
            controller.close();
          } else if (!settled) reject(error);
        },
      });
      signal?.addEventListener("abort", onAbort, { once: true });
      const headers = headersOf(init);
      this.send({ ns: NS, type: "request", id, kind: "fetch", body, headers });
    });
  }

  /** Sends an attachment's bytes in chunks, one answered request each (natural backpressure). */
  private async upload(
    attachmentId: string,
    input: RequestInfo | URL,
    init: RequestInit | undefined,
    signal: AbortSignal | null | undefined,
  ): Promise<Response> {
    const bytes = new Uint8Array(await uploadedFile(input, init).arrayBuffer());
    let answer: ReplyFrame | null = null;
    let offset = 0;
    do {
      if (signal?.aborted) throw abortError();
      const chunk = bytes.slice(offset, offset + UPLOAD_CHUNK_BYTES);
      const final = offset + chunk.length >= bytes.length;
      answer = await this.requestFrame(
        {
          ns: NS,
          type: "request",
          id: newId(),
          kind: "upload",
          attachment_id: attachmentId,
          offset,
          final,
        },
        [chunk.buffer],
      );
      if (answer.type === "error") return errorResponse(answer.error);
      offset += chunk.length;
    } while (offset < bytes.length);
    const body = answer?.type === "response" ? answer.body : "{}";
    return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  }

  /** One request frame answered by one reply frame. */
  private requestFrame(
    frame: OutgoingFrame & { id: string },
    buffers?: ArrayBuffer[],
  ): Promise<ReplyFrame> {
    return new Promise((resolve, reject) => {
      this.pending.set(frame.id, {
        onFrame: (reply) => {
          this.pending.delete(frame.id);
          resolve(reply);
        },
        onClosed: (reason) => {
          this.pending.delete(frame.id);
          reject(new TypeError(`ChatKit request failed: ${reason}`));
        },
      });
      this.send(frame, buffers);
    });
  }

  /** Runs the Python function behind one of ChatKit's callback options and returns its result. */
  callback(slot: string, args: unknown[]): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${slot} failed: ${this.closed}`));
    const id = newId();
    return new Promise((resolve, reject) => {
      const finish = () => this.pending.delete(id);
      this.pending.set(id, {
        onFrame: (frame) => {
          finish();
          if (frame.type === "response") resolve(JSON.parse(frame.body));
          else if (frame.type === "error") reject(new Error(frame.error.message));
          else reject(new Error(`${slot}: unexpected ${frame.type} frame`));
        },
        onClosed: (reason) => {
          finish();
          reject(new Error(`${slot} failed: ${reason}`));
        },
      });
      this.send({ ns: NS, type: "request", id, kind: "callback", slot, args });
    });
  }

  /** Receives Python's UI calls addressed to `view`; returns the function that stops it. */
  serveCalls(view: string, handler: CallHandler): () => void {
    this.callHandlers.set(view, handler);
    this.send({ ns: NS, type: "view", view, open: true });
    return () => {
      this.callHandlers.delete(view);
      if (!this.closed) this.send({ ns: NS, type: "view", view, open: false });
    };
  }

  answer(id: string, outcome: { ok: true; value: unknown } | { ok: false; error: string }): void {
    this.send({ ns: NS, type: "result", id, ...outcome });
  }

  /** Reports a view's state to the kernel (see `StateFrame`). */
  state(view: string, values: ViewState): void {
    if (!this.closed) this.send({ ns: NS, type: "state", view, values });
  }

  event(name: string, detail: unknown, view: string): void {
    if (!this.closed) this.send({ ns: NS, type: "event", name, detail, view });
  }

  private cancel(id: string): void {
    this.cancelled.add(id);
    this.send({ ns: NS, type: "cancel", id });
  }

  private send(frame: OutgoingFrame, buffers?: ArrayBuffer[]): void {
    if (buffers) this.model.send(frame, undefined, buffers);
    else this.model.send(frame);
    if (frame.type === "request") this.watch(frame.id);
  }

  private watch(id: string): void {
    const timer = setTimeout(() => {
      if (!this.unanswered.has(id)) return;
      const before = this.waiting;
      this.unanswered.set(id, null);
      if (!before) this.notifyWaiting(true);
    }, WAITING_AFTER_MS);
    this.unanswered.set(id, timer);
  }

  private answered(id: string): void {
    const timer = this.unanswered.get(id);
    if (timer === undefined) return;
    if (timer !== null) clearTimeout(timer);
    const before = this.waiting;
    this.unanswered.delete(id);
    if (before && !this.waiting) this.notifyWaiting(false);
  }

  private notifyWaiting(waiting: boolean): void {
    for (const listener of this.waitingListeners) listener(waiting);
  }

  private dispatch(content: unknown): void {
    const call = asCallFrame(content);
    if (call) {
      this.callHandlers.get(call.view)?.(call); // calls for views of other tabs are not ours
      return;
    }
    const frame = asReplyFrame(content);
    if (!frame) return;
    this.answered(frame.id);
    const pending = this.pending.get(frame.id);
    if (pending) {
      pending.onFrame(frame);
    } else if (this.cancelled.has(frame.id)) {
      if (frame.type !== "chunk") this.cancelled.delete(frame.id); // the kernel's last word
      this.origins.delete(frame.id);
      return;
    }
    if (frame.type === "chunk") return;
    const origin = this.origins.get(frame.id);
    this.origins.delete(frame.id);
    if (frame.type === "end" && frame.thread_id) {
      for (const listener of this.threadListeners) listener(frame.thread_id, origin);
    }
  }
}
