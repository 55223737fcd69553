/** allowed_image_domains, the "/" command menu and entity sources in assistant messages. */
import type { ChatKitOptions, Command } from "@openai/chatkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { markdownToSafeHtml } from "../../../js/renderer/markdown";
import { isAllowedImageSrc } from "../../../js/renderer/url-safety";
import {
  assistantItem,
  baseOptions,
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

function dom(html: string): HTMLElement {
  const div = document.createElement("div");
  div.innerHTML = html; // test-only inspection of sanitised output
  return div;
}

function type(textarea: HTMLTextAreaElement, value: string) {
  textarea.value = value;
  textarea.setSelectionRange(value.length, value.length);
  textarea.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
}

function key(target: Element, name: string) {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, composed: true }));
}

afterEach(() => {
  document.body.innerHTML = "";
});

// ---- allowed_image_domains ---------------------------------------------------------------------

describe("allowed_image_domains: the policy", () => {
  it("allows listed hosts and their subdomains, data:image always, every host without a list", () => {
    const domains = ["example.org", "*.cdn.test", "https://Images.Host.dev/path"];
    expect(isAllowedImageSrc("https://example.org/a.png", domains)).toBe(true);
    expect(isAllowedImageSrc("https://img.example.org/a.png", domains)).toBe(true);
    expect(isAllowedImageSrc("http://EXAMPLE.ORG./a.png", domains)).toBe(true);
    expect(isAllowedImageSrc("https://a.cdn.test/x", domains)).toBe(true);
    expect(isAllowedImageSrc("https://images.host.dev/x", domains)).toBe(true);
    expect(isAllowedImageSrc("https://notexample.org/a.png", domains)).toBe(false);
    expect(isAllowedImageSrc("https://example.org.evil.com/a.png", domains)).toBe(false);
    expect(isAllowedImageSrc("https://evil.com/?u=https://example.org", domains)).toBe(false);
    expect(isAllowedImageSrc("https://example.org@evil.com/a.png", domains)).toBe(false);
    expect(isAllowedImageSrc("data:image/png;base64,iVBO", domains)).toBe(true);
    expect(isAllowedImageSrc("data:image/png;base64,iVBO", [])).toBe(true);
    expect(isAllowedImageSrc("https://example.org/a.png", [])).toBe(false);
    expect(isAllowedImageSrc("javascript:alert(1)", undefined)).toBe(false);
    expect(isAllowedImageSrc("https://anything.test/a.png", undefined)).toBe(true);
    expect(isAllowedImageSrc(undefined, undefined)).toBe(false);
  });

  it("Markdown: a blocked image is inert text naming the URL; links are untouched", () => {
    const source =
      "![ok](https://img.example.org/ok.png) ![no](https://tracker.test/pixel.png) " +
      "[site](https://tracker.test/page) [bad](javascript:alert(1))";
    const html = dom(markdownToSafeHtml(source, "Copy", ["example.org"]));
    const images = html.querySelectorAll("img");
    expect(images).toHaveLength(1);
    expect(images[0]?.getAttribute("src")).toBe("https://img.example.org/ok.png");
    const blocked = html.querySelector("[data-testid=blocked-image]");
    expect(blocked?.textContent).toBe("https://tracker.test/pixel.png");
    expect(blocked?.getAttribute("aria-label")).toBe("no: https://tracker.test/pixel.png");
    expect(html.querySelector("a[href='https://tracker.test/page']")).not.toBeNull();
    expect(html.querySelectorAll("a[href]")).toHaveLength(1);
    // Without a list every http(s) image loads, as before.
    expect(dom(markdownToSafeHtml(source)).querySelectorAll("img[src]")).toHaveLength(2);
  });

  it("the chat applies the open thread's list to Markdown, widgets, generated images and attachments", async () => {
    const { el, $, $$ } = mount();
    const markdown = assistantItem(
      "a1",
      "![ok](https://example.org/ok.png)\n\n![no](https://other.test/no.png)",
      "thr_i",
    );
    const widget = {
      id: "w1",
      thread_id: "thr_i",
      created_at: T0,
      type: "widget",
      widget: {
        type: "Card",
        children: [
          { type: "Image", src: "https://cdn.example.org/w.png", alt: "fine" },
          { type: "Image", src: "https://other.test/w.png", alt: "blocked" },
          { type: "Markdown", value: "![md](https://other.test/md.png)" },
        ],
      },
    };
    const generated = {
      id: "g1",
      thread_id: "thr_i",
      created_at: T0,
      type: "generated_image",
      image: { id: "img", url: "https://other.test/generated.png" },
    };
    const withAttachment = {
      ...userItem("u1", "see attached", "thr_i"),
      attachments: [
        {
          id: "att",
          type: "image",
          name: "photo.png",
          mime_type: "image/png",
          preview_url: "https://other.test/preview.png",
        },
      ],
    };
    const { fetch } = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({
          ...threadJson("thr_i"),
          allowed_image_domains: ["example.org"],
          items: { data: [withAttachment, markdown, widget, generated], has_more: false },
        }),
    });
    el.setOptions(baseOptions(fetch));
    await el.setThreadId("thr_i");
    await el.updateComplete;
    const sources = $$<HTMLImageElement>("img").map((img) => img.getAttribute("src"));
    expect(sources.sort()).toEqual(["https://cdn.example.org/w.png", "https://example.org/ok.png"]);
    const blocked = $$("[data-testid=blocked-image]").map((node) => node.textContent?.trim());
    expect(blocked).toEqual([
      "https://other.test/preview.png",
      "https://other.test/no.png",
      "Image blockedhttps://other.test/w.png",
      "https://other.test/md.png",
      "https://other.test/generated.png",
    ]);
    expect($(".generated-image .spinner")).toBeNull();
  });

  it("a thread.updated that sets the list re-renders the streaming message", async () => {
    const { el, $ } = mount();
    const events = createSequence("thr_6112dc7d", "![pic](https://other.test/p.png)");
    const updated = {
      type: "thread.updated",
      thread: { ...threadJson("thr_6112dc7d"), allowed_image_domains: ["example.org"] },
    };
    const { fetch } = fakeFetch({
      "threads.create": () => sseResponse([...events.slice(0, 5), updated, ...events.slice(5)]),
    });
    el.setOptions(baseOptions(fetch));
    await el.sendUserMessage({ text: "hi" });
    await el.updateComplete;
    expect($(".assistant img")).toBeNull();
    expect($(".assistant [data-testid=blocked-image]")?.textContent).toBe(
      "https://other.test/p.png",
    );
  });
});

// ---- commands ----------------------------------------------------------------------------------

describe('commands: the "/" menu', () => {
  const commands: Command[] = [
    { id: "summarize", label: "Summarize", description: "Condense the thread", icon: "sparkle" },
    { id: "doc", label: "Insert document", group: "Insert" },
    { id: "more", label: "More…", group: "Insert" },
  ];

  function setup(options: Partial<ChatKitOptions["commands"]> = {}) {
    const chat = mount();
    const { fetch, calls } = fakeFetch({ "threads.create": () => sseResponse(createSequence()) });
    const onSearch = vi.fn(async (query: string) =>
      commands.filter((c) => c.label.toLowerCase().includes(query.toLowerCase())),
    );
    const onSelect = vi.fn(async (command: Command) => {
      if (command.id === "doc") {
        return {
          type: "entity" as const,
          entity: { id: "doc_1", title: "Q2 plan", data: { kind: "doc" } },
        };
      }
      if (command.id === "more") {
        return {
          type: "menu" as const,
          commands: [
            { id: "sub_a", label: "Alpha" },
            { id: "sub_b", label: "Beta" },
          ],
        };
      }
      return undefined;
    });
    chat.el.setOptions(
      baseOptions(fetch, { commands: { enabled: true, onSearch, onSelect, ...options } }),
    );
    const textarea = () => chat.$<HTMLTextAreaElement>("textarea") as HTMLTextAreaElement;
    const labels = () => chat.$$("[data-testid=command-option] .label").map((n) => n.textContent);
    return { ...chat, calls, onSearch, onSelect, textarea, labels };
  }

  it("a / at the start searches as you type; an entity selection becomes a tag", async () => {
    const chat = setup();
    await chat.el.updateComplete;
    type(chat.textarea(), "/");
    await waitFor(() => chat.labels().length === 3);
    expect(chat.onSearch).toHaveBeenLastCalledWith("");
    expect(chat.$("[data-testid=command-menu] .mention-group")?.textContent).toBe("Insert");
    expect(chat.$("[data-testid=command-option] .description")?.textContent).toBe(
      "Condense the thread",
    );
    type(chat.textarea(), "/ins");
    await waitFor(() => chat.labels().join() === "Insert document");
    expect(chat.onSearch).toHaveBeenLastCalledWith("ins");
    key(chat.textarea(), "Enter");
    await waitFor(() => chat.$("[data-testid=command-menu]") === null);
    expect(chat.onSelect).toHaveBeenCalledWith(commands[1]);
    expect(chat.textarea().value).toBe("@Q2 plan ");
    type(chat.textarea(), "@Q2 plan please");
    key(chat.textarea(), "Enter");
    await waitFor(() => chat.calls.length === 1);
    expect(chat.calls[0]?.params).toMatchObject({
      input: {
        content: [
          { type: "input_tag", id: "doc_1", text: "Q2 plan", data: { kind: "doc" } },
          { type: "input_text", text: " please" },
        ],
      },
    });
  });

  it("a menu selection shows a sub-menu filtered locally; nothing closes the menu", async () => {
    const chat = setup();
    await chat.el.updateComplete;
    type(chat.textarea(), "/mo");
    await waitFor(() => chat.labels().join() === "More…");
    (chat.$("[data-testid=command-option]") as HTMLButtonElement).click();
    await waitFor(() => chat.labels().join() === "Alpha,Beta");
    expect(chat.textarea().value).toBe("/");
    type(chat.textarea(), "/be");
    await waitFor(() => chat.labels().join() === "Beta");
    expect(chat.onSearch).toHaveBeenCalledTimes(1); // the sub-menu is filtered here
    key(chat.textarea(), "ArrowDown");
    key(chat.textarea(), "Enter");
    await waitFor(() => chat.$("[data-testid=command-menu]") === null);
    expect(chat.onSelect).toHaveBeenLastCalledWith({ id: "sub_b", label: "Beta" });
    expect(chat.textarea().value).toBe("");
    expect(chat.errors).toEqual([]);
  });

  it("arrow keys move, Escape closes, and a / later in the text is just text", async () => {
    const chat = setup();
    await chat.el.updateComplete;
    type(chat.textarea(), "/");
    await waitFor(() => chat.labels().length === 3);
    key(chat.textarea(), "ArrowUp");
    await waitFor(() => chat.$(".command-option.active")?.textContent?.includes("More"));
    key(chat.textarea(), "Escape");
    await waitFor(() => chat.$("[data-testid=command-menu]") === null);
    type(chat.textarea(), "a/b");
    await chat.el.updateComplete;
    expect(chat.$("[data-testid=command-menu]")).toBeNull();
    expect(chat.onSearch).toHaveBeenCalledTimes(1);
  });

  it("the / button opens the menu; a failing callback is reported and closes it", async () => {
    const chat = setup({ onSelect: async () => Promise.reject(new Error("no such command")) });
    await chat.el.updateComplete;
    (chat.$("[data-testid=composer-command]") as HTMLButtonElement).click();
    await waitFor(() => chat.labels().length === 3);
    expect(chat.textarea().value).toBe("/");
    (chat.$("[data-testid=command-option]") as HTMLButtonElement).click();
    await waitFor(() => chat.errors.length === 1);
    await chat.el.updateComplete;
    expect(chat.$("[data-testid=command-menu]")).toBeNull();
  });

  it("stays off unless commands.enabled", async () => {
    const { el, $ } = mount();
    const onSearch = vi.fn(async () => commands);
    el.setOptions(baseOptions(fakeFetch({}).fetch, { commands: { enabled: false, onSearch } }));
    await el.updateComplete;
    type($<HTMLTextAreaElement>("textarea") as HTMLTextAreaElement, "/");
    await el.updateComplete;
    expect($("[data-testid=command-menu]")).toBeNull();
    expect($("[data-testid=composer-command]")).toBeNull();
    expect(onSearch).not.toHaveBeenCalled();
  });
});

// ---- entity sources ----------------------------------------------------------------------------

describe("entity sources of an assistant message", () => {
  function answerWithSources() {
    const item = assistantItem("a1", "Here is what I found.", "thr_e");
    item.content[0] = {
      ...(item.content[0] as { text: string; type: string; annotations: unknown[] }),
      annotations: [
        {
          type: "annotation",
          source: {
            type: "entity",
            id: "ada",
            title: "Ada Lovelace",
            icon: "profile",
            interactive: true,
            data: { role: "mathematician" },
          },
        },
        {
          type: "annotation",
          source: { type: "entity", id: "ada", title: "Ada Lovelace", interactive: true },
        },
        {
          type: "annotation",
          source: { type: "entity", id: "memo", title: "Memo", description: "internal memo" },
        },
        {
          type: "annotation",
          source: { type: "url", url: "https://example.org/a", title: "Example" },
        },
      ],
    } as never;
    return fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({ ...threadJson("thr_e"), items: { data: [item], has_more: false } }),
    });
  }

  it("renders chips after the message; click and hover call the entity callbacks", async () => {
    const { el, $, $$ } = mount();
    const onClick = vi.fn();
    const onRequestPreview = vi.fn(async () => ({
      preview: { type: "Basic", children: [{ type: "Text", value: "Mathematician" }] } as never,
    }));
    el.setOptions(
      baseOptions(answerWithSources().fetch, { entities: { onClick, onRequestPreview } }),
    );
    await el.setThreadId("thr_e");
    await el.updateComplete;
    const chips = $$("[data-testid=entity-source]");
    expect(chips.map((chip) => chip.textContent?.trim())).toEqual(["Ada Lovelace", "Memo"]);
    expect(chips[0]?.tagName).toBe("BUTTON");
    expect(chips[0]?.querySelector("svg")).not.toBeNull();
    expect(chips[1]?.tagName).toBe("SPAN"); // not interactive
    expect(chips[1]?.getAttribute("title")).toBe("internal memo");
    // URL sources stay in the sources list; entity sources are not repeated there.
    expect($$(".sources li").map((li) => li.textContent)).toEqual(["Example"]);
    (chips[0] as HTMLButtonElement).click();
    const entity = {
      id: "ada",
      title: "Ada Lovelace",
      icon: "profile",
      data: { role: "mathematician" },
      interactive: true,
    };
    expect(onClick).toHaveBeenCalledWith(entity);
    chips[0]?.parentElement?.dispatchEvent(new Event("mouseenter"));
    await waitFor(() => $("[data-testid=entity-preview]")?.textContent?.includes("Mathematician"));
    expect(onRequestPreview).toHaveBeenCalledWith(entity);
    chips[0]?.parentElement?.dispatchEvent(new Event("mouseleave"));
    await waitFor(() => $("[data-testid=entity-preview]") === null);
  });

  it("without entity callbacks the chips are plain", async () => {
    const { el, $$ } = mount();
    el.setOptions(baseOptions(answerWithSources().fetch));
    await el.setThreadId("thr_e");
    await el.updateComplete;
    expect($$("[data-testid=entity-source]").map((chip) => chip.tagName)).toEqual(["SPAN", "SPAN"]);
  });
});
