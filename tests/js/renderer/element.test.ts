import type { OpenAIChatKit } from "@openai/chatkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BUILTIN_TAG, defineBuiltinRenderer } from "../../../js/renderer/index";
import {
  assistantItem,
  baseOptions,
  ControlledStream,
  createSequence,
  fakeFetch,
  jsonResponse,
  sseResponse,
  T0,
  threadJson,
  userItem,
  waitFor,
} from "./helpers";

type Chat = OpenAIChatKit & HTMLElement & { updateComplete: Promise<boolean> };

const EVENTS = [
  "chatkit.ready",
  "chatkit.error",
  "chatkit.response.start",
  "chatkit.response.end",
  "chatkit.thread.change",
  "chatkit.thread.load.start",
  "chatkit.thread.load.end",
  "chatkit.effect",
  "chatkit.log",
  "chatkit.tool.change",
  "chatkit.history.open",
  "chatkit.history.close",
];

function mount() {
  defineBuiltinRenderer();
  defineBuiltinRenderer(); // idempotent: the bundle may be evaluated several times
  const el = document.createElement(BUILTIN_TAG) as Chat;
  el.style.height = "500px";
  document.body.append(el);
  const events: { type: string; detail: unknown; event: CustomEvent }[] = [];
  for (const type of EVENTS) {
    el.addEventListener(type, (event) => {
      const e = event as CustomEvent;
      events.push({ type, detail: e.detail, event: e });
    });
  }
  const shadow = () => el.shadowRoot as ShadowRoot;
  const $ = <T extends Element = HTMLElement>(selector: string) =>
    shadow().querySelector<T>(selector);
  const $$ = (selector: string) => [...shadow().querySelectorAll(selector)];
  const named = (type: string) => events.filter((e) => e.type === type);
  return { el, events, named, $, $$ };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("<chatkit-notebook-chat> element contract", () => {
  it("defines the tag once and fires chatkit.ready once after the first options", async () => {
    const { el, named, $ } = mount();
    expect(customElements.get(BUILTIN_TAG)).toBeDefined();
    const { fetch } = fakeFetch({});
    el.setOptions(baseOptions(fetch));
    el.setOptions(baseOptions(fetch));
    await waitFor(() => named("chatkit.ready").length === 1);
    await el.updateComplete;
    expect(named("chatkit.ready")[0]?.event.bubbles).toBe(false);
    expect(named("chatkit.ready")[0]?.event.composed).toBe(true);
    expect($(".start h2")?.textContent).toBe("What can I help with today?");
  });

  it("sends a message, streams text into the shadow DOM and fires events", async () => {
    const { el, named, $, $$ } = mount();
    let stream!: ControlledStream;
    const { fetch, calls } = fakeFetch({
      "threads.create": (request) => {
        stream = new ControlledStream(request.signal);
        return stream.response();
      },
    });
    el.setOptions(baseOptions(fetch));
    await el.updateComplete;
    const sending = el.sendUserMessage({ text: "hi", model: "gpt" });
    await waitFor(() => stream);
    expect(calls[0]).toMatchObject({
      type: "threads.create",
      params: {
        input: {
          content: [{ type: "input_text", text: "hi" }],
          attachments: [],
          inference_options: { model: "gpt" },
        },
      },
      headers: { "accept-language": "en" },
    });
    const events = createSequence("thr_6112dc7d", "**Hello**");
    stream.send(...events.slice(0, 7));
    await waitFor(() => $(".assistant strong")?.textContent === "Hello");
    expect(named("chatkit.thread.change").map((e) => e.detail)).toEqual([
      { threadId: "thr_6112dc7d" },
    ]);
    expect($(".user .bubble")?.textContent).toBe("hi");
    stream.send({
      type: "thread.item.updated",
      item_id: "msg_5f790599",
      update: {
        type: "assistant_message.content_part.text_delta",
        content_index: 0,
        delta: " world",
      },
    });
    await waitFor(() => $(".assistant .markdown")?.textContent?.includes("world"));
    stream.send(events[7], { type: "client_effect", name: "highlight", data: { id: 3 } });
    stream.close();
    await sending;
    expect(named("chatkit.response.start")).toHaveLength(1);
    expect(named("chatkit.response.end")).toHaveLength(1);
    expect(named("chatkit.effect")[0]?.detail).toEqual({ name: "highlight", data: { id: 3 } });
    await el.updateComplete;
    expect($$(".user")).toHaveLength(1);
  });

  it("Stop aborts the fetch signal when allow_cancel is set", async () => {
    const { el, named, $ } = mount();
    let stream!: ControlledStream;
    const { fetch, calls } = fakeFetch({
      "threads.create": (request) => {
        stream = new ControlledStream(request.signal);
        return stream.response();
      },
    });
    el.setOptions(baseOptions(fetch));
    const sending = el.sendUserMessage({ text: "hi" });
    await waitFor(() => stream);
    stream.send(...createSequence().slice(0, 6));
    const stop = await waitFor(() => $<HTMLButtonElement>(".composer .stop"));
    stop.click();
    await sending;
    expect(calls[0]?.signal?.aborted).toBe(true);
    expect(named("chatkit.response.end")).toHaveLength(1);
    expect(named("chatkit.error")).toHaveLength(0);
    await el.updateComplete;
    expect($(".composer .stop")).toBeNull();
  });

  it("composer: Enter sends, Shift+Enter does not, and keys never leave the shadow root", async () => {
    const { el, $ } = mount();
    const { fetch, calls } = fakeFetch({ "threads.create": () => sseResponse(createSequence()) });
    el.setOptions(baseOptions(fetch));
    await el.updateComplete;
    const docKeys = vi.fn();
    document.addEventListener("keydown", docKeys);
    const textarea = $<HTMLTextAreaElement>(".composer textarea") as HTMLTextAreaElement;
    textarea.value = "hello";
    textarea.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    textarea.dispatchEvent(
      new KeyboardEvent("keydown", { key: "Enter", shiftKey: true, bubbles: true, composed: true }),
    );
    expect(calls).toHaveLength(0);
    textarea.dispatchEvent(
      new KeyboardEvent("keydown", { key: "Enter", bubbles: true, composed: true }),
    );
    await waitFor(() => calls.length === 1);
    expect(calls[0]?.params).toMatchObject({
      input: { content: [{ type: "input_text", text: "hello" }] },
    });
    expect(docKeys).not.toHaveBeenCalled();
    document.removeEventListener("keydown", docKeys);
    expect(el.getAttribute("data-lm-suppress-shortcuts")).toBe("true");
  });

  it("setOptions replaces options but keeps the open thread and the composer text", async () => {
    const { el, $ } = mount();
    const { fetch } = fakeFetch({ "threads.create": () => sseResponse(createSequence()) });
    el.setOptions(baseOptions(fetch));
    await el.sendUserMessage({ text: "hi" });
    await el.setComposerValue({ text: "draft" });
    el.setOptions(
      baseOptions(fetch, { theme: "dark", composer: { placeholder: "Ask" }, locale: "de" }),
    );
    await el.updateComplete;
    const textarea = $<HTMLTextAreaElement>(".composer textarea") as HTMLTextAreaElement;
    expect(textarea.value).toBe("draft");
    expect(textarea.placeholder).toBe("Ask");
    expect($(".assistant")?.textContent).toContain("Hello");
    expect(el.style.getPropertyValue("--ck-bg")).toContain("hsl");
    expect(el.dataset.colorScheme).toBe("dark");
    expect(el.style.height).toBe("500px");
    expect($(".new-thread")?.getAttribute("aria-label")).toBe("Neuer Chat");
  });

  it("setThreadId loads a thread (load.start/end, thread.change) and pages long threads", async () => {
    const { el, named, $, $$ } = mount();
    const older = [userItem("u0", "zero", "thr_1"), assistantItem("a0", "old answer", "thr_1")];
    const newest = [assistantItem("a1", "newest answer", "thr_1"), userItem("u1", "one", "thr_1")];
    const { fetch, calls } = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({ ...threadJson("thr_1", "Saved"), items: { data: older, has_more: true } }),
      "items.list": (request) =>
        request.params.after
          ? jsonResponse({ data: [older[1], older[0]], has_more: false })
          : jsonResponse({ data: newest, has_more: true, after: "u1" }),
    });
    el.setOptions(baseOptions(fetch));
    await el.setThreadId("thr_1");
    await el.updateComplete;
    expect(named("chatkit.thread.load.start").map((e) => e.detail)).toEqual([
      { threadId: "thr_1" },
    ]);
    expect(named("chatkit.thread.load.end").map((e) => e.detail)).toEqual([{ threadId: "thr_1" }]);
    expect(named("chatkit.thread.change").map((e) => e.detail)).toEqual([{ threadId: "thr_1" }]);
    expect($("header .title")?.textContent).toBe("Saved");
    expect($$(".user .bubble").map((b) => b.textContent)).toEqual(["one"]);
    ($<HTMLButtonElement>(".load-older") as HTMLButtonElement).click();
    await waitFor(() => $$(".user").length === 2);
    expect(calls.filter((c) => c.type === "items.list").map((c) => c.params)).toEqual([
      { thread_id: "thr_1", limit: 20, order: "desc" },
      { thread_id: "thr_1", limit: 20, order: "desc", after: "u1" },
    ]);
    await el.setThreadId(null);
    expect(named("chatkit.thread.change").at(-1)?.detail).toEqual({ threadId: null });
  });

  it("initialThread opens that thread after chatkit.ready", async () => {
    const { el, named } = mount();
    const { fetch } = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({ ...threadJson("thr_9"), items: { data: [], has_more: false } }),
    });
    el.setOptions(baseOptions(fetch, { initialThread: "thr_9" }));
    await waitFor(() => named("chatkit.thread.change").length === 1);
    expect(named("chatkit.ready")).toHaveLength(1);
  });

  it("client tool calls run onClientTool and send add_client_tool_output", async () => {
    const { el, $ } = mount();
    const toolCall = {
      id: "tc_1",
      thread_id: "thr_7b9c45a1",
      created_at: T0,
      type: "client_tool_call",
      status: "pending",
      call_id: "call_1",
      name: "get_sel",
      arguments: { a: 1 },
    };
    const { fetch, calls } = fakeFetch({
      "threads.create": () =>
        sseResponse([
          { type: "thread.created", thread: threadJson("thr_7b9c45a1") },
          { type: "thread.item.done", item: toolCall },
        ]),
      "threads.add_client_tool_output": () =>
        sseResponse([
          { type: "thread.item.done", item: assistantItem("m2", "Got it", "thr_7b9c45a1") },
        ]),
    });
    const onClientTool = vi.fn(async () => ({ nodes: [1, 2] }));
    el.setOptions(baseOptions(fetch, { onClientTool }));
    await el.sendUserMessage({ text: "go" });
    expect(onClientTool).toHaveBeenCalledWith({ name: "get_sel", params: { a: 1 } });
    expect(calls[1]).toMatchObject({
      type: "threads.add_client_tool_output",
      params: { thread_id: "thr_7b9c45a1", result: { nodes: [1, 2] } },
    });
    await el.updateComplete;
    expect($(".tool.done")).not.toBeNull();
    expect($(".assistant")?.textContent).toContain("Got it");
  });

  it("a throwing client tool sends {error} and shows the failure", async () => {
    const { el, named, $ } = mount();
    const toolCall = {
      id: "tc_1",
      thread_id: "thr_1",
      created_at: T0,
      type: "client_tool_call",
      status: "pending",
      call_id: "c",
      name: "boom",
      arguments: {},
    };
    const { fetch, calls } = fakeFetch({
      "threads.create": () =>
        sseResponse([
          { type: "thread.created", thread: threadJson("thr_1") },
          { type: "thread.item.done", item: toolCall },
        ]),
      "threads.add_client_tool_output": () => sseResponse([]),
    });
    el.setOptions(
      baseOptions(fetch, {
        onClientTool: () => {
          throw new Error("no selection");
        },
      }),
    );
    await el.sendUserMessage({ text: "go" });
    expect(calls[1]?.params).toEqual({ thread_id: "thr_1", result: { error: "no selection" } });
    expect(named("chatkit.error")[0]?.detail).toMatchObject({ error: expect.any(Error) });
    await el.updateComplete;
    expect($(".tool.failed")?.textContent).toContain("no selection");
  });

  it("stream errors show a Retry button that sends retry_after_item", async () => {
    const { el, $, named } = mount();
    const { fetch, calls } = fakeFetch({
      "threads.create": () =>
        sseResponse([
          ...createSequence().slice(0, 5),
          { type: "error", code: "stream.error", allow_retry: true },
        ]),
      "threads.retry_after_item": () =>
        sseResponse([{ type: "thread.item.done", item: assistantItem("m9", "Recovered") }]),
    });
    el.setOptions(baseOptions(fetch));
    await el.sendUserMessage({ text: "hi" });
    await el.updateComplete;
    expect(named("chatkit.error")).toHaveLength(1);
    ($<HTMLButtonElement>(".error .retry") as HTMLButtonElement).click();
    await waitFor(() => $(".assistant")?.textContent?.includes("Recovered"));
    expect(calls[1]).toMatchObject({
      type: "threads.retry_after_item",
      params: { thread_id: "thr_6112dc7d", item_id: "msg_3ebafe32" },
    });
    expect($(".error")).toBeNull();
  });

  it("non-2xx responses become chatkit.error with the server message", async () => {
    const { el, named, $ } = mount();
    const { fetch } = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({ error: { type: "NotFoundError", message: "Thread thr_x not found" } }, 404),
    });
    el.setOptions(baseOptions(fetch));
    await expect(el.setThreadId("thr_x")).rejects.toThrow("Thread thr_x not found");
    expect(named("chatkit.error")[0]?.detail).toEqual({ error: expect.any(Error) });
    const errorDetail = named("chatkit.error")[0]?.detail as { error: Error } | undefined;
    expect(errorDetail?.error.message).toBe("Thread thr_x not found");
    expect(named("chatkit.thread.load.end")).toHaveLength(1);
    await el.updateComplete;
    expect($(".error")?.textContent).toContain("not found");
  });

  it("feedback and retry thread item actions", async () => {
    const { el, $ } = mount();
    const { fetch, calls } = fakeFetch({
      "threads.create": () => sseResponse(createSequence()),
      "items.feedback": () => jsonResponse({}),
      "threads.retry_after_item": () => sseResponse([]),
    });
    el.setOptions(baseOptions(fetch, { threadItemActions: { feedback: true, retry: true } }));
    await el.sendUserMessage({ text: "hi" });
    await el.updateComplete;
    ($<HTMLButtonElement>(".feedback-positive") as HTMLButtonElement).click();
    await waitFor(() => calls.some((c) => c.type === "items.feedback"));
    expect(calls.at(-1)?.params).toEqual({
      thread_id: "thr_6112dc7d",
      item_ids: ["msg_5f790599"],
      kind: "positive",
    });
    await el.updateComplete;
    ($<HTMLButtonElement>(".retry-item") as HTMLButtonElement).click();
    await waitFor(() => calls.some((c) => c.type === "threads.retry_after_item"));
    expect(calls.at(-1)?.params).toEqual({ thread_id: "thr_6112dc7d", item_id: "msg_3ebafe32" });
  });

  it("history: list with paging, open, rename and delete", async () => {
    const { el, named, $, $$ } = mount();
    const { fetch, calls } = fakeFetch({
      "threads.list": (request) =>
        request.params.after
          ? jsonResponse({ data: [threadJson("thr_3", "Third")], has_more: false })
          : jsonResponse({
              data: [threadJson("thr_1", "First"), threadJson("thr_2", "Second")],
              has_more: true,
              after: "thr_2",
            }),
      "threads.update": (request) =>
        jsonResponse({ ...threadJson("thr_1", String(request.params.title)) }),
      "threads.delete": () => jsonResponse({}),
      "threads.get_by_id": () =>
        jsonResponse({
          ...threadJson("thr_3", "Third"),
          items: { data: [userItem("u", "hey", "thr_3")], has_more: false },
        }),
    });
    el.setOptions(baseOptions(fetch));
    await el.showHistory();
    await el.updateComplete;
    expect(named("chatkit.history.open")).toHaveLength(1);
    expect($$(".history .open-thread").map((b) => b.textContent)).toEqual(["First", "Second"]);
    ($<HTMLButtonElement>(".history .load-more") as HTMLButtonElement).click();
    await waitFor(() => $$(".history .open-thread").length === 3);
    expect(calls[1]?.params).toEqual({ limit: 20, order: "desc", after: "thr_2" });

    ($<HTMLButtonElement>('[data-thread-id="thr_1"] .rename') as HTMLButtonElement).click();
    await el.updateComplete;
    const input = $<HTMLInputElement>(".history .rename-input") as HTMLInputElement;
    input.value = "Renamed";
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await waitFor(() => $$(".history .open-thread").some((b) => b.textContent === "Renamed"));
    expect(calls.find((c) => c.type === "threads.update")?.params).toEqual({
      thread_id: "thr_1",
      title: "Renamed",
    });

    ($<HTMLButtonElement>('[data-thread-id="thr_2"] .delete') as HTMLButtonElement).click();
    await waitFor(() => $$(".history .open-thread").length === 2);
    expect(calls.find((c) => c.type === "threads.delete")?.params).toEqual({ thread_id: "thr_2" });

    ($<HTMLButtonElement>('[data-thread-id="thr_3"] .open-thread') as HTMLButtonElement).click();
    await waitFor(() => $(".user .bubble")?.textContent === "hey");
    expect(named("chatkit.history.close")).toHaveLength(1);
    expect(named("chatkit.thread.change").at(-1)?.detail).toEqual({ threadId: "thr_3" });
  });

  it("history toggle hidden when history.enabled is false; start screen prompts send", async () => {
    const { el, $, $$ } = mount();
    const { fetch, calls } = fakeFetch({ "threads.create": () => sseResponse(createSequence()) });
    el.setOptions(
      baseOptions(fetch, {
        history: { enabled: false },
        startScreen: {
          greeting: "Hi there",
          prompts: [{ label: "Ideas", prompt: "Give me ideas" }],
        },
        header: { title: { text: "Notebook chat" } },
      }),
    );
    await el.updateComplete;
    expect($(".history-toggle")).toBeNull();
    expect($("header .title")?.textContent).toBe("Notebook chat");
    expect($(".start h2")?.textContent).toBe("Hi there");
    ($$(".prompt")[0] as HTMLButtonElement).click();
    await waitFor(() => calls.length === 1);
    expect(calls[0]?.params).toMatchObject({
      input: { content: [{ type: "input_text", text: "Give me ideas" }] },
    });
  });

  it("sendCustomAction, setComposerValue(selectedToolId) and focusComposer", async () => {
    const { el, named, $ } = mount();
    const { fetch, calls } = fakeFetch({
      "threads.create": () => sseResponse(createSequence()),
      "threads.custom_action": () => sseResponse([]),
    });
    el.setOptions(
      baseOptions(fetch, {
        composer: { tools: [{ id: "search", label: "Search", icon: "search" }] },
      }),
    );
    await expect(el.sendCustomAction({ type: "x" })).rejects.toThrow();
    await el.sendUserMessage({ text: "hi" });
    await el.sendCustomAction({ type: "cats.select", payload: { name: "Tom" } }, "msg_78ea73fb");
    expect(calls.at(-1)).toMatchObject({
      type: "threads.custom_action",
      params: {
        thread_id: "thr_6112dc7d",
        item_id: "msg_78ea73fb",
        action: { type: "cats.select", payload: { name: "Tom" } },
      },
    });
    await el.setComposerValue({ text: "q", selectedToolId: "search" });
    expect(named("chatkit.tool.change").map((e) => e.detail)).toEqual([{ toolId: "search" }]);
    await el.focusComposer();
    expect(el.shadowRoot?.activeElement).toBe($(".composer textarea"));
  });

  it("fetchUpdates re-reads the open thread", async () => {
    const { el, $ } = mount();
    let text = "first";
    const { fetch } = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({
          ...threadJson("thr_1"),
          items: { data: [assistantItem("a", text, "thr_1")], has_more: false },
        }),
    });
    el.setOptions(baseOptions(fetch));
    await el.setThreadId("thr_1");
    text = "second";
    await el.fetchUpdates();
    await el.updateComplete;
    expect($(".assistant")?.textContent).toContain("second");
  });
});
