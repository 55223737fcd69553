import { describe, expect, it, vi } from "vitest";
import { NS } from "../../js/frames";
import { RpcClient, UPLOAD_CHUNK_BYTES, UPLOAD_PREFIX, WAITING_AFTER_MS } from "../../js/rpc";
import { FakeModel } from "./fake-model";

type Sent = { type: string; id: string; body?: string; headers?: Record<string, string> };

function setup() {
  const model = new FakeModel<Record<string, unknown>>({});
  const rpc = new RpcClient(model.asModel());
  const sent = () => model.sent as Sent[];
  const reply = (frame: Record<string, unknown>) =>
    model.emit("msg:custom", { ns: NS, ...frame }, []);
  return { model, rpc, sent, reply };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function readAll(response: Response): Promise<string> {
  return await response.text();
}

describe("RpcClient.fetch", () => {
  it("sends the body and headers as one request frame and resolves JSON responses", async () => {
    const { rpc, sent, reply } = setup();
    const pending = rpc.fetch("/chatkit", {
      method: "POST",
      body: '{"type":"threads.list","params":{}}',
      headers: { "Content-Type": "application/json", "Accept-Language": "de" },
    });
    await flush();
    const [frame] = sent();
    expect(frame).toMatchObject({
      ns: NS,
      type: "request",
      kind: "fetch",
      body: '{"type":"threads.list","params":{}}',
    });
    expect(frame?.headers).toEqual({ "content-type": "application/json", "accept-language": "de" });
    reply({ type: "response", id: frame?.id, body: '{"data":[],"has_more":false}' });
    const response = await pending;
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ data: [], has_more: false });
    expect(rpc.inFlight).toBe(0);
  });

  it("streams chunks in order into a text/event-stream body and closes on end", async () => {
    const { rpc, sent, reply } = setup();
    const pending = rpc.fetch("/chatkit", { method: "POST", body: "{}" });
    await flush();
    const id = sent()[0]?.id;
    reply({ type: "chunk", id, data: 'data: {"n":1}\n\n' });
    const response = await pending;
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    reply({ type: "chunk", id, data: 'data: {"n":2}\n\ndata: {"n":3}\n\n' });
    reply({ type: "end", id });
    expect(await readAll(response)).toBe('data: {"n":1}\n\ndata: {"n":2}\n\ndata: {"n":3}\n\n');
  });

  it("an end with no chunk is an empty stream", async () => {
    const { rpc, sent, reply } = setup();
    const pending = rpc.fetch("/chatkit", { method: "POST", body: "{}" });
    await flush();
    reply({ type: "end", id: sent()[0]?.id });
    expect(await readAll(await pending)).toBe("");
  });

  it("an error before any chunk becomes an HTTP error response with the message", async () => {
    const { rpc, sent, reply } = setup();
    const pending = rpc.fetch("/chatkit", { method: "POST", body: "{}" });
    await flush();
    reply({
      type: "error",
      id: sent()[0]?.id,
      error: { type: "NotFoundError", message: "Thread thr_x not found", status: 404 },
    });
    const response = await pending;
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { type: "NotFoundError", message: "Thread thr_x not found" },
    });
  });

  it("an error after chunks ends the stream with an SSE error event", async () => {
    const { rpc, sent, reply } = setup();
    const pending = rpc.fetch("/chatkit", { method: "POST", body: "{}" });
    await flush();
    const id = sent()[0]?.id;
    reply({ type: "chunk", id, data: 'data: {"n":1}\n\n' });
    reply({ type: "error", id, error: { type: "RuntimeError", message: "boom", status: 500 } });
    const text = await readAll(await pending);
    const events = text
      .trim()
      .split("\n\n")
      .map((line) => JSON.parse(line.slice(6)));
    expect(events).toEqual([
      { n: 1 },
      { type: "error", code: "custom", message: "boom", allow_retry: true },
    ]);
  });

  it("abort before the reply sends one cancel frame and rejects with AbortError", async () => {
    const { rpc, sent } = setup();
    const controller = new AbortController();
    const pending = rpc.fetch("/chatkit", {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    await flush();
    controller.abort();
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(sent().map((f) => f.type)).toEqual(["request", "cancel"]);
    expect(sent()[1]?.id).toBe(sent()[0]?.id);
  });

  it("abort mid-stream sends cancel and errors the body; later frames are ignored", async () => {
    const { rpc, sent, reply } = setup();
    const controller = new AbortController();
    const pending = rpc.fetch("/chatkit", {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    await flush();
    const id = sent()[0]?.id;
    reply({ type: "chunk", id, data: 'data: {"n":1}\n\n' });
    const response = await pending;
    const reader = response.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('data: {"n":1}\n\n');
    controller.abort();
    await expect(reader?.read()).rejects.toMatchObject({ name: "AbortError" });
    reply({ type: "chunk", id, data: 'data: {"n":2}\n\n' });
    reply({ type: "end", id, cancelled: true });
    expect(sent().map((f) => f.type)).toEqual(["request", "cancel"]);
  });

  it("abort after the request settled sends nothing", async () => {
    const { rpc, sent, reply } = setup();
    const controller = new AbortController();
    const pending = rpc.fetch("/chatkit", {
      method: "POST",
      body: "{}",
      signal: controller.signal,
    });
    await flush();
    reply({ type: "response", id: sent()[0]?.id, body: "{}" });
    await pending;
    controller.abort();
    expect(sent().map((f) => f.type)).toEqual(["request"]);
  });

  it("an already aborted signal never reaches the kernel", async () => {
    const { rpc, sent } = setup();
    const controller = new AbortController();
    controller.abort();
    await expect(
      rpc.fetch("/chatkit", { body: "{}", signal: controller.signal }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(sent()).toEqual([]);
  });

  it("settles once: duplicate or late frames after the answer are ignored", async () => {
    const { rpc, sent, reply } = setup();
    const pending = rpc.fetch("/chatkit", { body: "{}" });
    await flush();
    const id = sent()[0]?.id;
    reply({ type: "response", id, body: '{"a":1}' });
    reply({ type: "response", id, body: '{"a":2}' });
    reply({ type: "error", id, error: { type: "X", message: "late", status: 500 } });
    expect(await (await pending).json()).toEqual({ a: 1 });
  });

  it("keeps concurrent requests apart and ignores foreign frames", async () => {
    const { rpc, sent, reply, model } = setup();
    const first = rpc.fetch("/chatkit", { body: '{"n":1}' });
    const second = rpc.fetch("/chatkit", { body: '{"n":2}' });
    await flush();
    const [a, b] = sent();
    model.emit("msg:custom", { ns: "other", type: "response", id: a?.id, body: "{}" }, []);
    reply({ type: "response", id: "unknown-id", body: '"nope"' });
    reply({ type: "response", id: b?.id, body: '"second"' });
    reply({ type: "response", id: a?.id, body: '"first"' });
    expect(await (await first).json()).toBe("first");
    expect(await (await second).json()).toBe("second");
  });

  it("dispose fails requests in flight and removes its one listener", async () => {
    const { rpc, model } = setup();
    expect(model.listeners("msg:custom")).toBe(1);
    const pending = rpc.fetch("/chatkit", { body: "{}" });
    await flush();
    rpc.dispose("the kernel restarted");
    await expect(pending).rejects.toThrow("the kernel restarted");
    expect(model.listeners("msg:custom")).toBe(0);
    await expect(rpc.fetch("/chatkit", { body: "{}" })).rejects.toThrow("the kernel restarted");
  });

  it("accepts a Request object as input", async () => {
    const { rpc, sent, reply } = setup();
    const pending = rpc.fetch(new Request("http://x/chatkit", { method: "POST", body: '{"r":1}' }));
    await flush();
    expect(sent()[0]?.body).toBe('{"r":1}');
    reply({ type: "response", id: sent()[0]?.id, body: "{}" });
    expect((await pending).status).toBe(200);
  });
});

describe("waiting for the kernel", () => {
  it("reports when a request goes unanswered and when the kernel catches up", async () => {
    vi.useFakeTimers();
    try {
      const { rpc, sent, reply } = setup();
      const changes: boolean[] = [];
      rpc.onWaitingChange((waiting) => changes.push(waiting));
      const pending = rpc.fetch("/chatkit", { body: "{}" });
      await vi.advanceTimersByTimeAsync(WAITING_AFTER_MS - 100);
      expect(rpc.waiting).toBe(false);
      await vi.advanceTimersByTimeAsync(200);
      expect(rpc.waiting).toBe(true);
      reply({ type: "response", id: sent()[0]?.id, body: "{}" });
      await pending;
      expect(rpc.waiting).toBe(false);
      expect(changes).toEqual([true, false]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a quick answer never shows the waiting state", async () => {
    vi.useFakeTimers();
    try {
      const { rpc, sent, reply } = setup();
      const changes: boolean[] = [];
      rpc.onWaitingChange((waiting) => changes.push(waiting));
      const pending = rpc.fetch("/chatkit", { body: "{}" });
      await vi.advanceTimersByTimeAsync(10);
      reply({ type: "response", id: sent()[0]?.id, body: "{}" });
      await pending;
      await vi.advanceTimersByTimeAsync(WAITING_AFTER_MS * 2);
      expect(changes).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("attachment uploads", () => {
  it("sends the file in 1 MiB chunks with their bytes in buffers, one at a time", async () => {
    const { rpc, model, sent, reply } = setup();
    const bytes = new Uint8Array(UPLOAD_CHUNK_BYTES * 2 + 10).map((_, i) => i % 251);
    const form = new FormData();
    form.append("file", new Blob([bytes], { type: "image/png" }), "a.png");
    const pending = rpc.fetch(`${UPLOAD_PREFIX}atc_1`, { method: "POST", body: form });
    const offsets: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      await vi.waitFor(() => expect(sent().length).toBe(i + 1));
      const frame = sent()[i] as unknown as {
        id: string;
        offset: number;
        final: boolean;
        kind: string;
      };
      expect(frame.kind).toBe("upload");
      offsets.push(frame.offset);
      expect(frame.final).toBe(i === 2);
      const buffer = model.buffers[i]?.[0] as ArrayBuffer;
      expect(buffer.byteLength).toBe(i < 2 ? UPLOAD_CHUNK_BYTES : 10);
      const body =
        i === 2
          ? '{"id":"atc_1","type":"image"}'
          : `{"received":${frame.offset + buffer.byteLength}}`;
      reply({ type: "response", id: frame.id, body });
    }
    expect(offsets).toEqual([0, UPLOAD_CHUNK_BYTES, UPLOAD_CHUNK_BYTES * 2]);
    const response = await pending;
    expect(await response.json()).toEqual({ id: "atc_1", type: "image" });
  });

  it("stops at the first refused chunk and reports why", async () => {
    const { rpc, sent, reply } = setup();
    const pending = rpc.fetch(`${UPLOAD_PREFIX}atc_2`, {
      method: "POST",
      body: new Blob([new Uint8Array(UPLOAD_CHUNK_BYTES + 1)]),
    });
    await vi.waitFor(() => expect(sent().length).toBe(1));
    reply({
      type: "error",
      id: sent()[0]?.id,
      error: { type: "UploadError", message: "too large", status: 400 },
    });
    const response = await pending;
    expect(response.status).toBe(400);
    expect(sent().length).toBe(1);
  });

  it("an empty file is one final chunk", async () => {
    const { rpc, sent, reply } = setup();
    const form = new FormData();
    form.append("file", new Blob([]), "empty.txt");
    const pending = rpc.fetch(`${UPLOAD_PREFIX}atc_3`, { method: "POST", body: form });
    await vi.waitFor(() => expect(sent().length).toBe(1));
    expect(sent()[0]).toMatchObject({ offset: 0, final: true });
    reply({ type: "response", id: sent()[0]?.id, body: '{"id":"atc_3"}' });
    expect((await pending).status).toBe(200);
  });
});

describe("streams written by others", () => {
  it("the end of a stream this tab cancelled is not someone else's", async () => {
    const { rpc, sent, reply } = setup();
    const written: string[] = [];
    rpc.onThreadWritten((threadId) => written.push(threadId));
    const controller = new AbortController();
    const pending = rpc.fetch("/chatkit", { body: "{}", signal: controller.signal });
    await flush();
    const id = sent()[0]?.id;
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    reply({ type: "end", id, cancelled: true, thread_id: "thr_1" });
    reply({ type: "end", id: "another-tab", cancelled: false, thread_id: "thr_1" });
    expect(written).toEqual(["thr_1"]);
  });
});

describe("who wrote to a thread", () => {
  it("names the view that started a stream, so only the others refresh", async () => {
    const { rpc, sent, reply } = setup();
    const written: Array<[string, string | undefined]> = [];
    rpc.onThreadWritten((threadId, origin) => written.push([threadId, origin]));
    const pending = rpc.fetchAs("view-1")("/chatkit", { body: "{}" });
    await flush();
    reply({ type: "end", id: sent()[0]?.id, cancelled: false, thread_id: "thr_1" });
    await (await pending).text();
    reply({ type: "end", id: "from-another-tab", cancelled: false, thread_id: "thr_1" });
    expect(written).toEqual([
      ["thr_1", "view-1"],
      ["thr_1", undefined],
    ]);
  });
});
