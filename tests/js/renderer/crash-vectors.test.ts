/**
 * Valid data that used to freeze the whole chat (issue 16 item 11): names that are members of
 * `Object.prototype`, a widget type named like one, and Markdown nested deeply enough to overflow
 * the parser's recursion. Each now renders in place (or as an inline error) and the chat goes on.
 */
import { render } from "lit";
import { afterEach, describe, expect, it } from "vitest";
import { markdownBlocks, markdownToSafeHtml } from "../../../js/renderer/markdown";
import { collectFormValues, mergePayload, setPath } from "../../../js/renderer/widgets/form-values";
import { hasIcon, icon } from "../../../js/renderer/widgets/icons";
import { expectConsole } from "../setup";
import {
  assistantItem,
  baseOptions,
  createSequence,
  fakeFetch,
  jsonResponse,
  mountChat,
  sseResponse,
  threadJson,
  userItem,
  waitFor,
} from "./helpers";
import { card, renderTree } from "./widget-helpers";

const DEEP_QUOTE = ">".repeat(4096);
const DEEP_STRONG = `${"**".repeat(3000)}x${"**".repeat(3000)}`;
const PROTO_NAMES = ["constructor", "__proto__", "hasOwnProperty", "toString", "valueOf"];

afterEach(() => {
  document.body.innerHTML = "";
});

describe("look-ups never reach Object.prototype", () => {
  it("draws the neutral dot for lucide:constructor and friends", () => {
    for (const name of PROTO_NAMES) {
      for (const full of [name, `lucide:${name}`]) {
        expect(hasIcon(full)).toBe(false);
        const container = document.createElement("div");
        render(icon(full), container);
        expect(container.querySelector("svg.icon-dot")).not.toBeNull();
      }
    }
  });

  it("treats widget types and size tokens named like prototype members as unknown", () => {
    const nodes = PROTO_NAMES.map((name) => ({
      type: name,
      children: [
        { type: "Text", value: `inside ${name}`, size: name, color: name, weight: name },
        { type: "Icon", name: `lucide:${name}`, size: name },
        { type: "Box", radius: name, align: name, justify: name, children: [] },
      ],
    }));
    const { $$ } = renderTree(card(nodes));
    expect($$(".w-text").map((el) => el.textContent)).toEqual(
      PROTO_NAMES.map((name) => `inside ${name}`),
    );
    expect($$(".w-error")).toEqual([]);
  });

  it("keeps form field names such as __proto__.x as data, never a prototype write", () => {
    const values: Record<string, unknown> = {};
    setPath(values, "__proto__.polluted", "yes");
    setPath(values, "constructor.prototype.polluted", "yes");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(JSON.stringify(values)).toBe(
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
    );
    const merged = mergePayload({ keep: 1 }, JSON.parse('{"__proto__": {"polluted": "yes"}}'));
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const form = document.createElement("form");
    form.innerHTML = '<input name="__proto__.polluted" value="yes">';
    expect(JSON.stringify(collectFormValues(form))).toBe('{"__proto__":{"polluted":"yes"}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("Markdown that overflows the parser", () => {
  it("is shown as escaped text instead of throwing", () => {
    expectConsole(/Markdown shown as text: RangeError/);
    for (const source of [DEEP_QUOTE, DEEP_STRONG, `<b>x</b>\n\n${DEEP_QUOTE}`]) {
      const html = markdownToSafeHtml(source);
      const container = document.createElement("div");
      container.innerHTML = html;
      expect(container.querySelector("[data-testid=markdown-fallback]")?.textContent).toBe(source);
      expect(container.querySelector("b")).toBeNull();
    }
  });

  it("keeps the finished blocks of a streaming message and shows the broken tail as text", () => {
    expectConsole(/Markdown shown as text: RangeError/);
    const head = "# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\n";
    let state: Parameters<typeof markdownBlocks>[3];
    let blocks: string[] = [];
    const source = head + DEEP_QUOTE;
    for (let end = head.length; end <= source.length; end += 512) {
      ({ blocks, state } = markdownBlocks(source.slice(0, end), "Copy", undefined, state));
    }
    ({ blocks, state } = markdownBlocks(source, "Copy", undefined, state));
    expect(blocks[0]).toContain("<h1>Title</h1>");
    expect(blocks.at(-1)).toContain("markdown-fallback");
    expect(blocks.join("")).toContain(">".repeat(100).replaceAll(">", "&gt;"));
  });
});

describe("one bad item never takes down the chat", () => {
  const broken = {
    ...assistantItem("msg_bad", ""),
    content: null, // malformed: rendering it throws
  };
  const items = [
    userItem("msg_u1", "first"),
    assistantItem("msg_a1", "before the bad ones"),
    broken,
    assistantItem("msg_deep", DEEP_QUOTE),
    assistantItem("msg_strong", DEEP_STRONG),
    {
      id: "msg_w",
      thread_id: "thr_6112dc7d",
      created_at: "2026-11-21T22:47:29.603701",
      type: "widget",
      widget: card([
        { type: "hasOwnProperty", children: [{ type: "Text", value: "inside" }] },
        { type: "Icon", name: "lucide:__proto__" },
        { type: "Icon", name: "lucide:constructor" },
      ]),
    },
    assistantItem("msg_a2", "after the bad ones"),
  ];

  it("renders an inline error in its place; the rest, the composer and reopening still work", async () => {
    expectConsole(/could not render item msg_bad/);
    expectConsole(/Markdown shown as text: RangeError/);
    const { fetch } = fakeFetch({
      "threads.get_by_id": () =>
        jsonResponse({ ...threadJson(), items: { data: items, has_more: false } }),
      "threads.add_user_message": () => sseResponse(createSequence().slice(3)),
    });
    const { el, $, $$ } = mountChat();
    el.setOptions(baseOptions(fetch));
    await el.setThreadId("thr_6112dc7d");
    await el.updateComplete;

    const errors = $$("[data-testid=item-error]");
    expect(errors.map((e) => e.dataset.itemId)).toEqual(["msg_bad"]);
    const texts = $$("[data-testid=assistant-message]").map((m) => m.textContent?.trim());
    expect(texts).toContain("before the bad ones");
    expect(texts).toContain("after the bad ones");
    expect($$("[data-testid=markdown-fallback]")).toHaveLength(2);
    expect($("[data-testid=widget-item] .w-text")?.textContent).toBe("inside");

    // The composer still sends, and the reply renders after the bad items.
    await el.sendUserMessage({ text: "still there?" });
    await waitFor(() =>
      $$("[data-testid=assistant-message]").some((m) => m.textContent?.includes("Hello")),
    );

    // Reopening the thread renders it again, the same way.
    await el.setThreadId(null);
    await el.updateComplete;
    expect($("[data-testid=start-screen]")).not.toBeNull();
    await el.setThreadId("thr_6112dc7d");
    await el.updateComplete;
    expect($$("[data-testid=item-error]")).toHaveLength(1);
    expect($$("[data-testid=assistant-message]").at(-1)?.textContent?.trim()).toBe(
      "after the bad ones",
    );
  });
});
