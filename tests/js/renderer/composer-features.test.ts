import type { ChatKitOptions } from "@openai/chatkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { composerContent, maxSizeFor } from "../../../js/renderer/controller";
import { acceptList } from "../../../js/renderer/view/attachments";
import {
  assistantItem,
  baseOptions,
  type Chat,
  createSequence,
  fakeFetch,
  jsonResponse,
  mountChat,
  sseResponse,
  T0,
  threadJson,
  userItem,
  waitFor,
} from "./helpers";

const mount = mountChat;

function type(textarea: HTMLTextAreaElement, value: string) {
  textarea.value = value;
  textarea.setSelectionRange(value.length, value.length);
  textarea.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
}

function key(target: Element, name: string) {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, composed: true }));
}

function createdStream(reply = "ok") {
  return () => sseResponse(createSequence("thr_6112dc7d", reply));
}

async function send(el: Chat, $: ReturnType<typeof mount>["$"], text: string) {
  await el.updateComplete;
  const textarea = $<HTMLTextAreaElement>("textarea") as HTMLTextAreaElement;
  type(textarea, text);
  key(textarea, "Enter");
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("composer: model and tool pickers", () => {
  const models: NonNullable<ChatKitOptions["composer"]>["models"] = [
    { id: "fast", label: "Fast" },
    { id: "smart", label: "Smart", default: true, description: "slower" },
    { id: "off", label: "Off", disabled: true },
  ];
  const tools = [
    { id: "search", label: "Search the web", shortLabel: "Search", icon: "globe" as const },
    { id: "draw", label: "Draw", icon: "sparkle" as const, persistent: true, pinned: true },
  ];

  it("sends the default model, then the picked model and tool as inference_options", async () => {
    const { el, $, $$ } = mount();
    const { fetch, calls } = fakeFetch({
      "threads.create": createdStream(),
      "threads.add_user_message": () => sseResponse([]),
    });
    el.setOptions(baseOptions(fetch, { composer: { models, tools } }));
    await el.updateComplete;
    const modelSelect = $<HTMLSelectElement>("[data-testid=composer-model]") as HTMLSelectElement;
    expect([...modelSelect.options].map((o) => [o.value, o.disabled])).toEqual([
      ["fast", false],
      ["smart", false],
      ["off", true],
    ]);
    expect(modelSelect.value).toBe("smart");

    await send(el, $, "first");
    await waitFor(() => calls.length === 1 && $(".assistant"));
    expect(calls[0]?.params).toMatchObject({
      input: {
        content: [{ type: "input_text", text: "first" }],
        inference_options: { model: "smart" },
      },
    });

    modelSelect.value = "fast";
    modelSelect.dispatchEvent(new Event("change"));
    const toolSelect = $<HTMLSelectElement>("[data-testid=composer-tool]") as HTMLSelectElement;
    toolSelect.value = "search";
    toolSelect.dispatchEvent(new Event("change"));
    await el.updateComplete;
    await waitFor(() => !$<HTMLButtonElement>(".send")?.disabled);
    await send(el, $, "second");
    await waitFor(() => calls.length === 2);
    expect(calls[1]).toMatchObject({
      type: "threads.add_user_message",
      params: { input: { inference_options: { model: "fast", tool_choice: { id: "search" } } } },
    });
    // A non-persistent tool is cleared after sending; the pinned persistent one stays on.
    await waitFor(() => ($("[data-testid=composer-tool]") as HTMLSelectElement).value === "");
    const pinned = $$("[data-testid=composer-pinned-tool]");
    expect(pinned.map((b) => b.textContent?.trim())).toEqual(["Draw"]);
    (pinned[0] as HTMLButtonElement).click();
    await el.updateComplete;
    await waitFor(() => !$<HTMLButtonElement>(".send")?.disabled);
    await send(el, $, "third");
    await waitFor(() => calls.length === 3);
    expect(calls[2]?.params).toMatchObject({
      input: { inference_options: { model: "fast", tool_choice: { id: "draw" } } },
    });
    await el.updateComplete;
    expect($("[data-testid=composer-pinned-tool]")?.getAttribute("aria-pressed")).toBe("true");
  });

  it("setComposerValue selects a model and a tool", async () => {
    const { el, $ } = mount();
    const { fetch } = fakeFetch({});
    el.setOptions(baseOptions(fetch, { composer: { models, tools } }));
    await el.setComposerValue({ text: "x", selectedModelId: "fast", selectedToolId: "search" });
    await el.updateComplete;
    expect(($("[data-testid=composer-model]") as HTMLSelectElement).value).toBe("fast");
    expect(($("[data-testid=composer-tool]") as HTMLSelectElement).value).toBe("search");
    expect(($("textarea") as HTMLTextAreaElement).value).toBe("x");
  });
});

describe("composer: locked and closed threads", () => {
  it.each([
    [{ type: "locked", reason: "Waiting for review" }, "Waiting for review"],
    [{ type: "closed" }, "This conversation is closed."],
  ])("status %j disables the composer and shows the reason", async (status, text) => {
    const { el, $ } = mount();
    const { fetch, calls } = fakeFetch({
      "threads.get_by_id": () => jsonResponse({ ...threadJson("thr_l"), status }),
    });
    el.setOptions(baseOptions(fetch));
    await el.setThreadId("thr_l");
    await el.updateComplete;
    expect($("[data-testid=composer-locked]")?.textContent?.trim()).toBe(text);
    expect(($("textarea") as HTMLTextAreaElement).disabled).toBe(true);
    expect(($(".send") as HTMLButtonElement).disabled).toBe(true);
    await send(el, $, "blocked");
    expect(calls.map((c) => c.type)).toEqual(["threads.get_by_id"]);
  });

  it("an active thread (or a thread.updated back to active) re-enables it", async () => {
    const { el, $ } = mount();
    const { fetch } = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({ ...threadJson("thr_l"), status: { type: "locked" } }),
    });
    el.setOptions(baseOptions(fetch));
    await el.setThreadId("thr_l");
    await el.updateComplete;
    expect($("[data-testid=composer-locked]")?.textContent?.trim()).toBe(
      "This conversation is locked.",
    );
    await el.setThreadId(null);
    await el.updateComplete;
    expect($("[data-testid=composer-locked]")).toBeNull();
    expect(($("textarea") as HTMLTextAreaElement).disabled).toBe(false);
  });
});

describe("entities: @-mentions, tag clicks and previews", () => {
  const people = [
    { id: "u_ada", title: "Ada Lovelace", group: "People", data: { team: "math" } },
    { id: "u_alan", title: "Alan Turing", group: "People", interactive: true },
  ];

  it("typing @ searches, the menu inserts a tag, and the message carries input_tag parts", async () => {
    const { el, $, $$ } = mount();
    const onTagSearch = vi.fn(async (query: string) =>
      people.filter((p) => p.title.toLowerCase().includes(query.toLowerCase())),
    );
    const { fetch, calls } = fakeFetch({ "threads.create": createdStream() });
    el.setOptions(baseOptions(fetch, { entities: { onTagSearch } }));
    await el.updateComplete;
    const textarea = $<HTMLTextAreaElement>("textarea") as HTMLTextAreaElement;
    type(textarea, "Hi @a");
    await waitFor(() => $$("[data-testid=mention-option]").length === 2);
    expect(onTagSearch).toHaveBeenLastCalledWith("a");
    expect($(".mention-group")?.textContent).toBe("People");
    type(textarea, "Hi @al");
    await waitFor(() => $$("[data-testid=mention-option]").length === 1);
    expect(onTagSearch).toHaveBeenLastCalledWith("al");
    type(textarea, "Hi @a");
    await waitFor(() => $$("[data-testid=mention-option]").length === 2);
    key(textarea, "ArrowDown");
    await el.updateComplete;
    expect($(".mention-option.active")?.textContent?.trim()).toBe("Alan Turing");
    key(textarea, "ArrowUp");
    key(textarea, "Enter"); // picks the active entry instead of sending
    await el.updateComplete;
    expect($("[data-testid=mention-menu]")).toBeNull();
    expect(textarea.value).toBe("Hi @Ada Lovelace ");
    expect(calls).toHaveLength(0);

    type(textarea, "Hi @Ada Lovelace and @Al");
    await waitFor(() => $$("[data-testid=mention-option]").length === 1);
    ($("[data-testid=mention-option]") as HTMLButtonElement).click();
    expect(textarea.value).toBe("Hi @Ada Lovelace and @Alan Turing ");
    type(textarea, `${textarea.value}, welcome`);
    key(textarea, "Escape");
    key(textarea, "Enter");
    await waitFor(() => calls.length === 1);
    expect(calls[0]?.params).toMatchObject({
      input: {
        content: [
          { type: "input_text", text: "Hi " },
          {
            type: "input_tag",
            id: "u_ada",
            text: "Ada Lovelace",
            group: "People",
            data: { team: "math" },
          },
          { type: "input_text", text: " and " },
          { type: "input_tag", id: "u_alan", text: "Alan Turing", interactive: true },
          { type: "input_text", text: " , welcome" },
        ],
      },
    });
  });

  it("the composer @ button inserts @ and searches", async () => {
    const { el, $, $$ } = mount();
    const onTagSearch = vi.fn(async () => people);
    const { fetch } = fakeFetch({});
    el.setOptions(baseOptions(fetch, { entities: { onTagSearch, showComposerMenu: true } }));
    await el.updateComplete;
    ($("[data-testid=composer-mention]") as HTMLButtonElement).click();
    await waitFor(() => $$("[data-testid=mention-option]").length === 2);
    expect(onTagSearch).toHaveBeenCalledWith("");
    expect(($("textarea") as HTMLTextAreaElement).value).toBe("@");
  });

  it("tags in sent messages call entities.onClick and show an onRequestPreview card", async () => {
    const { el, $ } = mount();
    const tagged = {
      ...userItem("u1", ""),
      content: [
        { type: "input_text", text: "Ask " },
        {
          type: "input_tag",
          id: "u_ada",
          text: "Ada Lovelace",
          data: { team: "math" },
          interactive: true,
        },
      ],
    };
    const { fetch } = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({ ...threadJson("thr_e"), items: { data: [tagged], has_more: false } }),
    });
    const onClick = vi.fn();
    const onRequestPreview = vi.fn(async () => ({
      preview: {
        type: "Basic" as const,
        children: [{ type: "Text" as const, value: "Mathematician, 1815–1852" }],
      },
    }));
    el.setOptions(baseOptions(fetch, { entities: { onClick, onRequestPreview } }));
    await el.setThreadId("thr_e");
    await el.updateComplete;
    const tag = $("[data-testid=message-tag]") as HTMLButtonElement;
    expect(tag.textContent).toBe("@Ada Lovelace");
    tag.click();
    const entity = {
      id: "u_ada",
      title: "Ada Lovelace",
      data: { team: "math" },
      interactive: true,
    };
    expect(onClick).toHaveBeenCalledWith(entity);
    tag.parentElement?.dispatchEvent(new Event("mouseenter"));
    await waitFor(() => $("[data-testid=entity-preview]")?.textContent?.includes("Mathematician"));
    expect(onRequestPreview).toHaveBeenCalledWith(entity);
    tag.parentElement?.dispatchEvent(new Event("mouseleave"));
    await el.updateComplete;
    expect($("[data-testid=entity-preview]")).toBeNull();
  });

  it("composerContent keeps only tags whose @title is still in the text", () => {
    const tags = [
      { id: "a", title: "Ann" },
      { id: "b", title: "Ann Lee" },
    ];
    expect(composerContent("ask @Ann Lee", tags)).toEqual([
      { type: "input_text", text: "ask " },
      { type: "input_tag", id: "b", text: "Ann Lee", data: {}, interactive: false },
    ]);
    expect(composerContent("no tags", tags)).toEqual([{ type: "input_text", text: "no tags" }]);
  });
});

describe("structured input items", () => {
  const pending = {
    id: "si_1",
    thread_id: "thr_s",
    created_at: T0,
    type: "structured_input",
    status: "pending",
    inputs: [
      {
        type: "multiple_choice",
        id: "q1",
        question: "Which size?",
        options: [{ value: "S" }, { value: "M" }, { value: "L" }],
        multiple: false,
      },
      {
        type: "multiple_choice",
        id: "q2",
        question: "Toppings?",
        options: [{ value: "cheese" }, { value: "basil" }],
        multiple: true,
      },
      { type: "freeform", id: "q3", question: "Anything else?", description: "Optional" },
    ],
  };

  async function load(handlers: Parameters<typeof fakeFetch>[0]) {
    const mounted = mount();
    const fake = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({ ...threadJson("thr_s"), items: { data: [pending], has_more: false } }),
      ...handlers,
    });
    mounted.el.setOptions(baseOptions(fake.fetch));
    await mounted.el.setThreadId("thr_s");
    await mounted.el.updateComplete;
    return { ...mounted, ...fake };
  }

  it("renders choices and a textarea, and submits answers with add_structured_input", async () => {
    const answered = {
      ...pending,
      status: "answered",
      inputs: [
        { ...pending.inputs[0], answer: { values: ["M"], skipped: false } },
        { ...pending.inputs[1], answer: { values: ["cheese", "extra olives"], skipped: false } },
        { ...pending.inputs[2], answer: { values: [], skipped: true } },
      ],
    };
    const { el, $, $$, calls } = await load({
      "threads.add_structured_input": () =>
        sseResponse([
          { type: "thread.item.replaced", item: answered },
          { type: "thread.item.done", item: assistantItem("m1", "Thanks!", "thr_s") },
        ]),
    });
    const form = $("[data-testid=structured-input]") as HTMLFormElement;
    expect($$(".si-label").map((l) => l.textContent?.trim())).toEqual([
      "Which size?",
      "Toppings?",
      "Anything else?",
    ]);
    expect($$<HTMLInputElement>("input[name=q1]").map((i) => i.type)).toEqual([
      "radio",
      "radio",
      "radio",
    ]);
    expect($$<HTMLInputElement>("input[name=q2]").map((i) => i.type)).toEqual([
      "checkbox",
      "checkbox",
    ]);
    expect($(".si-description")?.textContent).toBe("Optional");
    ($$<HTMLInputElement>("input[name=q1]")[1] as HTMLInputElement).checked = true;
    ($$<HTMLInputElement>("input[name=q2]")[0] as HTMLInputElement).checked = true;
    ($$<HTMLInputElement>(".si-other")[1] as HTMLInputElement).value = "extra olives";
    ($("[data-testid=structured-input-submit]") as HTMLButtonElement).click();
    await waitFor(() => $(".assistant"));
    const submitted = calls.find((c) => c.type === "threads.add_structured_input");
    expect(submitted?.params).toEqual({
      thread_id: "thr_s",
      item_id: "si_1",
      input: {
        status: "answered",
        answers: {
          q1: { values: ["M"], skipped: false },
          q2: { values: ["cheese", "extra olives"], skipped: false },
          q3: { values: [], skipped: true },
        },
      },
    });
    expect(form.isConnected).toBe(false);
    const done = $("[data-testid=structured-input]");
    expect(done?.getAttribute("data-status")).toBe("answered");
    expect($$(".si-answer").map((a) => a.textContent?.trim())).toEqual([
      "M",
      "cheese, extra olives",
      "Skipped",
    ]);
    await el.updateComplete;
  });

  it("Skip sends a skipped submission", async () => {
    const { $, calls } = await load({ "threads.add_structured_input": () => sseResponse([]) });
    ($("[data-testid=structured-input-skip]") as HTMLButtonElement).click();
    await waitFor(() => calls.some((c) => c.type === "threads.add_structured_input"));
    expect(calls.at(-1)?.params).toMatchObject({
      input: {
        status: "skipped",
        answers: {
          q1: { values: [], skipped: true },
          q2: { values: [], skipped: true },
          q3: { values: [], skipped: true },
        },
      },
    });
  });
});

describe("thread.autoScroll", () => {
  async function streamingChat(autoScroll: boolean | undefined) {
    const { el, $ } = mount();
    let push!: (events: unknown[]) => void;
    let close!: () => void;
    const { fetch } = fakeFetch({
      "threads.create": () => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            const encode = (events: unknown[]) =>
              new TextEncoder().encode(
                events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join(""),
              );
            push = (events) => controller.enqueue(encode(events));
            close = () => controller.close();
          },
        });
        return new Response(body, { headers: { "content-type": "text/event-stream" } });
      },
    });
    el.setOptions(baseOptions(fetch, autoScroll === undefined ? {} : { thread: { autoScroll } }));
    await el.updateComplete;
    const sending = el.sendUserMessage({ text: "hi" });
    await waitFor(() => push);
    push(createSequence().slice(0, 6));
    await waitFor(() => $(".assistant"));
    const scroller = $(".messages") as HTMLElement;
    let top = 0;
    Object.defineProperty(scroller, "scrollHeight", { configurable: true, get: () => 1000 });
    Object.defineProperty(scroller, "clientHeight", { configurable: true, get: () => 100 });
    Object.defineProperty(scroller, "scrollTop", {
      configurable: true,
      get: () => top,
      set: (value: number) => {
        top = value;
      },
    });
    // The scroll to the newest message scheduled when the reply appeared runs in the next
    // animation frame: let it happen now, so what the test does next is judged on its own.
    await el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const delta = (text: string) =>
      push([
        {
          type: "thread.item.updated",
          item_id: "msg_5f790599",
          update: {
            type: "assistant_message.content_part.text_delta",
            content_index: 0,
            delta: text,
          },
        },
      ]);
    return {
      el,
      $,
      delta,
      /** The user scrolls: the element learns the position from the `scroll` event only. */
      setTop: (value: number) => {
        top = value;
        scroller.dispatchEvent(new Event("scroll"));
      },
      top: () => top,
      finish: async () => {
        close();
        await sending;
      },
    };
  }

  it("follows the stream near the bottom when enabled, never when scrolled up", async () => {
    const chat = await streamingChat(true);
    chat.setTop(880); // 20 px from the bottom
    chat.delta(" more");
    await waitFor(() => chat.$(".assistant")?.textContent?.includes("more"));
    await waitFor(() => chat.top() === 1000); // scrolled in the next animation frame
    chat.setTop(100); // the user scrolled up to read
    chat.delta(" again");
    await waitFor(() => chat.$(".assistant")?.textContent?.includes("again"));
    await chat.el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    expect(chat.top()).toBe(100);
    await chat.finish();
  });

  it("does not follow the stream by default (ChatKit's default is false)", async () => {
    const chat = await streamingChat(undefined);
    chat.setTop(880);
    chat.delta(" more");
    await waitFor(() => chat.$(".assistant")?.textContent?.includes("more"));
    await chat.el.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    expect(chat.top()).toBe(880);
    await chat.finish();
  });
});

describe("attachments (two-phase upload through api.fetch)", () => {
  function uploadFetch(strategy: "two_phase" | "direct" = "two_phase") {
    const uploads: { url: string; method: string | undefined; file: File | null }[] = [];
    const protocol = fakeFetch({
      "attachments.create": (request) =>
        jsonResponse({
          type: "image",
          id: "atc_1",
          name: request.params.name,
          mime_type: request.params.mime_type,
          preview_url: "https://files.example/atc_1.png",
          upload_descriptor: {
            url: "https://upload.example/atc_1",
            method: "PUT",
            headers: { "x-k": "v" },
          },
        }),
      "attachments.delete": () => jsonResponse({}),
      "threads.create": createdStream(),
    });
    const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      if (init?.body instanceof FormData) {
        uploads.push({
          url: String(url),
          method: init.method,
          file: init.body.get("file") as File,
        });
        return strategy === "direct"
          ? jsonResponse({ type: "file", id: "atc_d", name: "notes.txt", mime_type: "text/plain" })
          : new Response(null, { status: 200 });
      }
      return protocol.fetch(url, init);
    }) as typeof globalThis.fetch;
    return { fetch, uploads, calls: protocol.calls };
  }

  function pick(input: HTMLInputElement, files: File[]) {
    Object.defineProperty(input, "files", { configurable: true, value: files });
    input.dispatchEvent(new Event("change"));
  }

  it("creates, uploads, previews, sends the attachment id, and can remove", async () => {
    const { el, $, $$ } = mount();
    const { fetch, uploads, calls } = uploadFetch();
    el.setOptions(
      baseOptions(fetch, {
        composer: { attachments: { enabled: true, maxCount: 2, accept: { "image/*": [".png"] } } },
      }),
    );
    await el.updateComplete;
    const input = $<HTMLInputElement>("[data-testid=composer-file-input]") as HTMLInputElement;
    expect(input.getAttribute("accept")).toBe("image/*,.png");
    pick(input, [new File(["png-bytes"], "cat.png", { type: "image/png" })]);
    await waitFor(
      () => $("[data-testid=composer-attachment]")?.getAttribute("data-status") === "ready",
    );
    expect(calls.find((c) => c.type === "attachments.create")?.params).toEqual({
      name: "cat.png",
      size: 9,
      mime_type: "image/png",
    });
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ url: "https://upload.example/atc_1", method: "PUT" });
    expect(uploads[0]?.file?.name).toBe("cat.png");
    expect($$(".composer-attachment .name").map((n) => n.textContent)).toEqual(["cat.png"]);

    await send(el, $, "look");
    await waitFor(() => calls.some((c) => c.type === "threads.create"));
    expect(calls.find((c) => c.type === "threads.create")?.params).toMatchObject({
      input: { attachments: ["atc_1"] },
    });
    await el.updateComplete;
    expect($("[data-testid=composer-attachment]")).toBeNull();

    pick(input, [new File(["x"], "b.png", { type: "image/png" })]);
    await waitFor(
      () => $("[data-testid=composer-attachment]")?.getAttribute("data-status") === "ready",
    );
    ($("[data-testid=composer-attachment-remove]") as HTMLButtonElement).click();
    await el.updateComplete;
    expect($("[data-testid=composer-attachment]")).toBeNull();
    await waitFor(() => calls.some((c) => c.type === "attachments.delete"));
    expect(calls.find((c) => c.type === "attachments.delete")?.params).toEqual({
      attachment_id: "atc_1",
    });
  });

  it("direct uploads post the file to uploadUrl; oversized files are refused", async () => {
    const { el, $, $$ } = mount();
    const { fetch, uploads, calls } = uploadFetch("direct");
    const options = baseOptions(fetch, {
      composer: { attachments: { enabled: true, maxSize: { "text/*": 5, "*": 100 } } },
    });
    (options.api as { uploadStrategy?: unknown }).uploadStrategy = {
      type: "direct",
      uploadUrl: "/chatkit/upload",
    };
    el.setOptions(options);
    await el.updateComplete;
    const input = $<HTMLInputElement>("[data-testid=composer-file-input]") as HTMLInputElement;
    pick(input, [
      new File(["tiny"], "notes.txt", { type: "text/plain" }),
      new File(["far too long"], "big.txt", { type: "text/plain" }),
    ]);
    await waitFor(() =>
      $$("[data-testid=composer-attachment]").some(
        (a) => a.getAttribute("data-status") === "ready",
      ),
    );
    expect(
      $$("[data-testid=composer-attachment]").map((a) => a.getAttribute("data-status")),
    ).toEqual(["ready", "error"]);
    expect(uploads.map((u) => u.url)).toEqual(["/chatkit/upload"]);
    expect(calls.some((c) => c.type === "attachments.create")).toBe(false);
    expect(maxSizeFor({ "image/*": 10, "*": 3 }, "image/png")).toBe(10);
    expect(maxSizeFor({ "image/*": 10, "*": 3 }, "text/plain")).toBe(3);
    expect(maxSizeFor(7, "x/y")).toBe(7);
    expect(acceptList(undefined)).toBeUndefined();
  });
});
