/** Test doubles: SSE/JSON responses and a fake `api.fetch` that records every request body. */
import "./happy-dom-shims";
import type { ChatKitOptions, OpenAIChatKit } from "@openai/chatkit";
import { BUILTIN_TAG, defineBuiltinRenderer } from "../../../js/renderer/index";

export const encoder = new TextEncoder();

export function sseFrame(event: unknown): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}

/** A streamed response whose chunks are pushed by the test; closes or errors on demand. */
export class ControlledStream {
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly body: ReadableStream<Uint8Array>;
  cancelled = false;

  constructor(signal?: AbortSignal) {
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => {
        this.cancelled = true;
      },
    });
    signal?.addEventListener("abort", () => {
      try {
        this.controller.error(new DOMException("The operation was aborted.", "AbortError"));
      } catch {
        // already closed
      }
    });
  }

  send(...events: unknown[]): void {
    this.controller.enqueue(encoder.encode(events.map(sseFrame).join("")));
  }

  raw(text: string): void {
    this.controller.enqueue(encoder.encode(text));
  }

  close(): void {
    this.controller.close();
  }

  response(): Response {
    return new Response(this.body, { headers: { "content-type": "text/event-stream" } });
  }
}

export function sseResponse(events: unknown[]): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(events.map(sseFrame).join("")));
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream" } });
}

export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

export interface RecordedRequest {
  url: string;
  type: string;
  params: Record<string, unknown>;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
}

type Handler = (request: RecordedRequest) => Response | Promise<Response>;

/** Fake `api.fetch`: routes by request `type`, records every call. */
export function fakeFetch(handlers: Record<string, Handler>) {
  const calls: RecordedRequest[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(String(init?.body)) as {
      type: string;
      params: Record<string, unknown>;
    };
    const request: RecordedRequest = {
      url: String(url),
      type: body.type,
      params: body.params,
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      signal: init?.signal ?? undefined,
    };
    calls.push(request);
    const handler = handlers[body.type];
    if (!handler)
      return jsonResponse({ error: { type: "NotFound", message: `no ${body.type}` } }, 404);
    return handler(request);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export function baseOptions(
  fetch: typeof globalThis.fetch,
  extra: Partial<ChatKitOptions> = {},
): ChatKitOptions {
  return { api: { url: "/chatkit", domainKey: "local-dev", fetch }, locale: "en", ...extra };
}

export async function waitFor<T>(
  probe: () => T | null | undefined | false,
  timeout = 2000,
): Promise<T> {
  const start = Date.now();
  while (true) {
    const value = probe();
    if (value) return value;
    if (Date.now() - start > timeout) throw new Error("waitFor timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

// ---- wire fixtures, shaped exactly as chatkit-python serialises them -----------------------

export const T0 = "2026-11-21T22:47:29.603701";

export function threadJson(id = "thr_6112dc7d", title?: string) {
  return {
    ...(title ? { title } : {}),
    id,
    created_at: T0,
    status: { type: "active" },
    metadata: {},
    items: { data: [], has_more: false },
  };
}

export function userItem(id: string, text: string, threadId = "thr_6112dc7d") {
  return {
    id,
    thread_id: threadId,
    created_at: T0,
    type: "user_message",
    content: [{ type: "input_text", text }],
    attachments: [],
    inference_options: {},
  };
}

export function assistantItem(id: string, text: string, threadId = "thr_6112dc7d") {
  return {
    id,
    thread_id: threadId,
    created_at: T0,
    type: "assistant_message",
    content: text ? [{ annotations: [], text, type: "output_text" }] : [],
  };
}

/** The full `threads.create` sequence captured from the Python server (reference doc §3). */
export function createSequence(threadId = "thr_6112dc7d", reply = "Hello") {
  return [
    { type: "thread.created", thread: threadJson(threadId) },
    { type: "thread.item.done", item: userItem("msg_3ebafe32", "hi", threadId) },
    { type: "stream_options", stream_options: { allow_cancel: true } },
    { type: "progress_update", icon: "bolt", text: "thinking" },
    { type: "thread.item.added", item: assistantItem("msg_5f790599", "", threadId) },
    {
      type: "thread.item.updated",
      item_id: "msg_5f790599",
      update: {
        type: "assistant_message.content_part.added",
        content_index: 0,
        content: { annotations: [], text: "", type: "output_text" },
      },
    },
    {
      type: "thread.item.updated",
      item_id: "msg_5f790599",
      update: { type: "assistant_message.content_part.text_delta", content_index: 0, delta: reply },
    },
    { type: "thread.item.done", item: assistantItem("msg_5f790599", reply, threadId) },
  ];
}

export type Chat = OpenAIChatKit & HTMLElement & { updateComplete: Promise<boolean> };

/** A builtin chat element in the document, its `chatkit.error` details, and shadow-root queries. */
export function mountChat() {
  defineBuiltinRenderer();
  const el = document.createElement(BUILTIN_TAG) as Chat;
  el.style.height = "500px";
  document.body.append(el);
  const errors: unknown[] = [];
  el.addEventListener("chatkit.error", (event) => errors.push((event as CustomEvent).detail));
  const shadow = () => el.shadowRoot as ShadowRoot;
  const $ = <T extends Element = HTMLElement>(selector: string) =>
    shadow().querySelector<T>(selector);
  const $$ = <T extends Element = HTMLElement>(selector: string) => [
    ...shadow().querySelectorAll<T>(selector),
  ];
  return { el, errors, $, $$ };
}
