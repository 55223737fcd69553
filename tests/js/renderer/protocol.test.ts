import { describe, expect, it } from "vitest";
import {
  ChatKitRequestError,
  ProtocolClient,
  requests,
} from "../../../js/renderer/protocol/client";
import { readSseJson, readSseJsonBatches, SseParser } from "../../../js/renderer/protocol/sse";
import { ControlledStream, encoder, fakeFetch, jsonResponse, sseResponse } from "./helpers";

const input = {
  content: [{ type: "input_text" as const, text: "hi" }],
  attachments: [],
  inference_options: {},
};

describe("request bodies", () => {
  it("match the wire examples of the Python server", () => {
    expect(requests.createThread(input)).toEqual({
      type: "threads.create",
      params: {
        input: {
          content: [{ type: "input_text", text: "hi" }],
          attachments: [],
          inference_options: {},
        },
      },
    });
    expect(
      requests.addUserMessage("thr_1", {
        ...input,
        inference_options: { model: "gpt", tool_choice: { id: "t" } },
      }),
    ).toEqual({
      type: "threads.add_user_message",
      params: {
        thread_id: "thr_1",
        input: { ...input, inference_options: { model: "gpt", tool_choice: { id: "t" } } },
      },
    });
    expect(requests.addClientToolOutput("thr_7", { nodes: [1, 2] })).toEqual({
      type: "threads.add_client_tool_output",
      params: { thread_id: "thr_7", result: { nodes: [1, 2] } },
    });
    expect(requests.retryAfterItem("thr_1", "msg_3")).toEqual({
      type: "threads.retry_after_item",
      params: { thread_id: "thr_1", item_id: "msg_3" },
    });
    expect(requests.customAction("thr_1", { type: "go", payload: { x: 1 } }, "msg_7")).toEqual({
      type: "threads.custom_action",
      params: { thread_id: "thr_1", item_id: "msg_7", action: { type: "go", payload: { x: 1 } } },
    });
    expect(requests.customAction("thr_1", { type: "go" })).toEqual({
      type: "threads.custom_action",
      params: { thread_id: "thr_1", action: { type: "go" } },
    });
    expect(
      requests.syncCustomAction("thr_1", { type: "go", payload: { x: 1 } }, "msg_7").type,
    ).toBe("threads.sync_custom_action");
    expect(requests.getThread("thr_1")).toEqual({
      type: "threads.get_by_id",
      params: { thread_id: "thr_1" },
    });
    expect(requests.listThreads(5)).toEqual({
      type: "threads.list",
      params: { limit: 5, order: "desc" },
    });
    expect(requests.listThreads(5, "thr_9").params).toEqual({
      limit: 5,
      order: "desc",
      after: "thr_9",
    });
    expect(requests.listItems("thr_1", 2, "asc")).toEqual({
      type: "items.list",
      params: { thread_id: "thr_1", limit: 2, order: "asc" },
    });
    expect(requests.feedback("thr_1", ["msg_x"], "positive")).toEqual({
      type: "items.feedback",
      params: { thread_id: "thr_1", item_ids: ["msg_x"], kind: "positive" },
    });
    expect(requests.updateThread("thr_1", "new")).toEqual({
      type: "threads.update",
      params: { thread_id: "thr_1", title: "new" },
    });
    expect(requests.deleteThread("thr_1")).toEqual({
      type: "threads.delete",
      params: { thread_id: "thr_1" },
    });
  });

  it("drops client-only routing fields from actions", () => {
    const action = { type: "go", payload: { a: 1 }, handler: "server" as const, streaming: true };
    expect(requests.customAction("t", action).params.action).toEqual({
      type: "go",
      payload: { a: 1 },
    });
  });
});

describe("ProtocolClient transport", () => {
  it("POSTs JSON with content-type and accept-language through api.fetch", async () => {
    const { fetch, calls } = fakeFetch({
      "threads.list": () => jsonResponse({ data: [], has_more: false }),
    });
    const client = new ProtocolClient({ url: "/chatkit", fetch, locale: () => "de" });
    await expect(client.listThreads(20)).resolves.toEqual({ data: [], has_more: false });
    expect(calls[0]).toMatchObject({
      url: "/chatkit",
      type: "threads.list",
      headers: { "content-type": "application/json", "accept-language": "de" },
    });
  });

  it("turns non-2xx JSON error bodies into ChatKitRequestError", async () => {
    const { fetch } = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({ error: { type: "NotFoundError", message: "Thread thr_x not found" } }, 404),
    });
    const client = new ProtocolClient({ url: "/c", fetch, locale: () => "en" });
    const error = await client.getThread("thr_x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatKitRequestError);
    expect(error).toMatchObject({
      message: "Thread thr_x not found",
      status: 404,
      errorType: "NotFoundError",
    });
  });

  it("keeps a generic message for non-JSON error bodies", async () => {
    const fetch = async () => new Response("boom", { status: 500 });
    const client = new ProtocolClient({ url: "/c", fetch, locale: () => "en" });
    await expect(client.deleteThread("t")).rejects.toThrow("Request failed with status 500");
  });

  it("streams parsed events", async () => {
    const events = [
      { type: "progress_update", text: "a" },
      { type: "notice", level: "info", message: "m" },
    ];
    const { fetch } = fakeFetch({ "threads.create": () => sseResponse(events) });
    const client = new ProtocolClient({ url: "/c", fetch, locale: () => "en" });
    const seen: unknown[] = [];
    for await (const event of client.stream(requests.createThread(input))) seen.push(event);
    expect(seen).toEqual(events);
  });

  it("passes the abort signal and stops reading when aborted", async () => {
    const abort = new AbortController();
    let stream!: ControlledStream;
    const { fetch, calls } = fakeFetch({
      "threads.create": (request) => {
        stream = new ControlledStream(request.signal);
        return stream.response();
      },
    });
    const client = new ProtocolClient({ url: "/c", fetch, locale: () => "en" });
    const seen: unknown[] = [];
    const done = (async () => {
      for await (const event of client.stream(requests.createThread(input), abort.signal)) {
        seen.push(event);
        abort.abort();
      }
    })();
    await new Promise((r) => setTimeout(r, 0));
    stream.send({ type: "progress_update", text: "1" });
    await expect(done).rejects.toMatchObject({ name: "AbortError" });
    expect(calls[0]?.signal).toBe(abort.signal);
    expect(seen).toHaveLength(1);
  });

  it("stops even when the fetch implementation ignores the signal", async () => {
    const abort = new AbortController();
    const stream = new ControlledStream();
    const client = new ProtocolClient({
      url: "/c",
      fetch: async () => stream.response(),
      locale: () => "en",
    });
    const seen: unknown[] = [];
    const done = (async () => {
      for await (const event of client.stream(requests.createThread(input), abort.signal))
        seen.push(event);
    })();
    stream.send({ type: "progress_update", text: "1" });
    await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    await done;
    expect(stream.cancelled).toBe(true);
    expect(seen).toHaveLength(1);
  });
});

describe("SSE parsing", () => {
  it("handles frames split across reads and several frames per read", () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a":')).toEqual([]);
    expect(parser.push("1}\n")).toEqual([]);
    expect(parser.push('\ndata: {"b":2}\n\ndata: {"c"')).toEqual(['{"a":1}', '{"b":2}']);
    expect(parser.push(":3}\n\n")).toEqual(['{"c":3}']);
  });

  it("decodes multi-byte characters split between chunks (TextDecoder stream mode)", () => {
    const bytes = encoder.encode('data: {"t":"äöü€"}\n\n');
    const parser = new SseParser();
    const out = [...parser.push(bytes.slice(0, 14)), ...parser.push(bytes.slice(14))];
    expect(out.map((frame) => JSON.parse(frame))).toEqual([{ t: "äöü€" }]);
  });

  it("accepts CRLF, comments, multi-line data and a final frame without blank line", () => {
    const parser = new SseParser();
    expect(parser.push(": keepalive\r\n\r\ndata: 1\r\n\r\n")).toEqual(["1"]);
    expect(parser.push("data: [\ndata: 2]\n\n")).toEqual(["[\n2]"]);
    parser.push("data: 3");
    expect(parser.end()).toEqual(["3"]);
  });

  it("reads a body chunked byte by byte", async () => {
    const text = 'data: {"type":"a"}\n\ndata: {"type":"b"}\n\n';
    const bytes = encoder.encode(text);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const seen: unknown[] = [];
    for await (const event of readSseJson(body)) seen.push(event);
    expect(seen).toEqual([{ type: "a" }, { type: "b" }]);
  });

  it("keeps a CRLF split between two reads as one line ending", () => {
    const parser = new SseParser();
    expect(parser.push("data: 1\r")).toEqual([]);
    expect(parser.push("\ndata: 2\r\n\r\n")).toEqual(["1\n2"]);
  });

  it("hands over the events of one read as one batch", async () => {
    const chunks = ['data: {"n":1}\n\ndata: {"n":2}\n\ndata: {"n"', ":3}\n\n", ": ping\n\n"];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
        controller.close();
      },
    });
    const batches: unknown[] = [];
    for await (const batch of readSseJsonBatches(body)) batches.push(batch);
    expect(batches).toEqual([[{ n: 1 }, { n: 2 }], [{ n: 3 }]]);
  });
});
