import "./happy-dom-shims";
import { describe, expect, it } from "vitest";
import { BUILTIN_TAG, defineBuiltinRenderer } from "../../../js/renderer/index";
import {
  type MarkdownBlocksState,
  markdownBlocks,
  markdownToSafeHtml,
} from "../../../js/renderer/markdown";
import { installTestAssets } from "./assets-helper";
import { baseOptions, ControlledStream, createSequence, fakeFetch, waitFor } from "./helpers";

installTestAssets(); // code blocks load their grammars as from a kernel

/** Markdown that exercises every block construct whose extent depends on what follows. */
const SAMPLES: Record<string, string> = {
  lists: [
    "Intro paragraph with **bold** and `code`.",
    "",
    "- one",
    "- two",
    "",
    "- three (loose now)",
    "  continued under three",
    "",
    "  second paragraph of three",
    "",
    "1. first",
    "2. second",
    "   - nested a",
    "   - nested b",
    "",
    "10. ten",
    "",
    "- [ ] task",
    "- [x] done",
    "",
    "After the lists.",
  ].join("\n"),
  tables: [
    "| name | value |",
    "|:-----|------:|",
    "| a | 1 |",
    "| b | 2 |",
    "",
    "text between",
    "",
    "| single |",
    "| --- |",
    "| row |",
    "trailing line",
    "",
    "Heading",
    "=======",
    "",
    "Sub",
    "---",
    "",
    "***",
    "end",
  ].join("\n"),
  code: [
    "Some code:",
    "",
    "```python",
    "def f(x):",
    "",
    "    return x * 2",
    "```",
    "",
    "    indented code",
    "",
    "    more indented",
    "",
    "~~~",
    "tilde fence with ``` inside",
    "~~~",
    "",
    "````md",
    "```",
    "nested fence",
    "```",
    "````",
    "done `inline` code",
  ].join("\n"),
  quotes: [
    "> quote line one",
    "lazy continuation",
    "> > nested quote",
    "> > - list in nested quote",
    ">",
    "> back to one level",
    "",
    "> second quote",
    "",
    "para",
    "    not code (lazy)",
    "",
    "# ATX heading #",
    "## Second ##",
    "<div>raw html</div>",
    "",
    "<pre>",
    "",
    "kept",
    "",
    "</pre>",
    "![img](https://example.org/a.png) and [link](https://example.org) <https://auto.link>",
  ].join("\n"),
  references: [
    "See [the docs][docs] and [other].",
    "",
    "- item with [docs]",
    "",
    "[docs]: https://example.org/docs",
    "[other]: https://example.org/other 'Title'",
    "",
    "after the definitions",
  ].join("\n"),
  tricky: [
    "1. a",
    "",
    "1. b",
    "",
    "-",
    "- c",
    "",
    "+ plus list",
    "",
    "* star list",
    "",
    "* * *",
    "",
    "line with trailing spaces  ",
    "next line",
    "\tTabbed",
    "",
    "\t\tcode by tab",
    "",
    "x",
  ].join("\n"),
};

/** Feeds `source` one piece at a time, as a stream would, checking every step against a full
 * parse; returns the number of steps. */
function streamAndCompare(source: string, cuts: number[], domains?: readonly string[]) {
  let state: MarkdownBlocksState | undefined;
  for (const cut of cuts) {
    const prefix = source.slice(0, cut);
    const result = markdownBlocks(prefix, "Copy", domains, state);
    state = result.state;
    expect(result.blocks.join(""), `after ${cut} chars: ${JSON.stringify(prefix)}`).toBe(
      markdownToSafeHtml(prefix, "Copy", domains),
    );
  }
  return state;
}

function everyBoundary(source: string): number[] {
  return Array.from({ length: source.length + 1 }, (_, i) => i);
}

// Exhaustive splits parse each sample hundreds of times: seconds of CPU on a shared machine, so
// these property tests get a generous timeout (they assert equality, never speed).
describe("incremental Markdown (the streaming message)", { timeout: 120_000 }, () => {
  for (const [name, source] of Object.entries(SAMPLES)) {
    it(`equals a full parse at every character boundary: ${name}`, () => {
      streamAndCompare(source, everyBoundary(source));
    });

    it(`equals a full parse after any single split: ${name}`, () => {
      for (let split = 0; split <= source.length; split++) {
        streamAndCompare(source, [split, source.length]);
      }
    });
  }

  it("equals a full parse for the whole corpus streamed in uneven chunks", () => {
    const corpus = Object.values(SAMPLES).join("\n\n");
    const cuts: number[] = [];
    let at = 0;
    let step = 1;
    while (at < corpus.length) {
      at = Math.min(corpus.length, at + step);
      cuts.push(at);
      step = (step * 7 + 3) % 23 || 1;
    }
    streamAndCompare(corpus, cuts);
    streamAndCompare(corpus, cuts, ["example.org"]);
    streamAndCompare(corpus, cuts, []);
  });

  it("keeps finished blocks and lexes only the open tail", () => {
    const paragraphs = Array.from({ length: 50 }, (_, i) => `Paragraph ${i} text.`);
    let state: MarkdownBlocksState | undefined;
    let source = "";
    let first: string | undefined;
    for (const paragraph of paragraphs) {
      source += `${paragraph}\n\n`;
      const result = markdownBlocks(source, "Copy", undefined, state);
      state = result.state;
      first ??= result.blocks[0];
      expect(result.blocks[0]).toBe(first);
    }
    expect(state?.finished.length).toBe(48);
    expect(state?.open.length).toBe(2);
    expect(source.length - (state?.stable ?? 0)).toBeLessThan(60);
  });

  it("starts over when the text is not a continuation or the options differ", () => {
    const a = markdownBlocks("one\n\ntwo\n\nthree\n\nfour", "Copy");
    expect(a.state.finished.length).toBe(2);
    const edited = markdownBlocks("ONE\n\ntwo\n\nthree\n\nfour", "Copy", undefined, a.state);
    expect(edited.blocks[0]).toContain("ONE");
    const relabelled = markdownBlocks(
      "one\n\n```\nx\n```\n\na\n\nb",
      "Kopieren",
      undefined,
      a.state,
    );
    expect(relabelled.blocks.join("")).toBe(
      markdownToSafeHtml("one\n\n```\nx\n```\n\na\n\nb", "Kopieren"),
    );
  });

  it("renders a text with reference definitions whole (they change earlier blocks)", () => {
    const source = "[a] first\n\nsecond\n\nthird\n\n[a]: https://example.org";
    const result = markdownBlocks(source, "Copy");
    expect(result.blocks).toHaveLength(1);
    expect(result.blocks[0]).toContain('href="https://example.org"');
  });
});

describe("the streaming message in the chat", () => {
  it("keeps the DOM of finished blocks while the reply grows; the end result is a full parse", async () => {
    defineBuiltinRenderer();
    const el = document.createElement(BUILTIN_TAG) as HTMLElement & {
      setOptions(options: unknown): void;
      sendUserMessage(params: { text: string }): Promise<void>;
      updateComplete: Promise<boolean>;
    };
    document.body.append(el);
    let stream!: ControlledStream;
    const { fetch } = fakeFetch({
      "threads.create": (request) => {
        stream = new ControlledStream(request.signal);
        return stream.response();
      },
    });
    el.setOptions(baseOptions(fetch));
    const sending = el.sendUserMessage({ text: "hi" });
    await waitFor(() => stream);
    stream.send(...createSequence("thr_6112dc7d", "").slice(0, 6));
    const markdown = () => el.shadowRoot?.querySelector(".assistant .markdown") as HTMLElement;
    const delta = (text: string) =>
      stream.send({
        type: "thread.item.updated",
        item_id: "msg_5f790599",
        update: {
          type: "assistant_message.content_part.text_delta",
          content_index: 0,
          delta: text,
        },
      });
    const parts: [string, string][] = [
      ["# Title\n\n", "Title"],
      ["First paragraph.\n\n", "First paragraph."],
      ["- a\n- bee\n\n", "bee"],
      ["```js\nconst x = 1;\n```\n\n", "const x"],
    ];
    for (const [part, seen] of parts) {
      delta(part);
      await waitFor(() => markdown()?.textContent?.includes(seen));
    }
    const heading = markdown().querySelector("h1");
    const paragraph = markdown().querySelector("p");
    for (let i = 0; i < 70; i++) {
      delta(`Paragraph ${i}.\n\n`);
      await waitFor(() => markdown()?.textContent?.includes(`Paragraph ${i}.`));
    }
    expect(markdown().querySelector("h1")).toBe(heading);
    expect(markdown().querySelector("p")).toBe(paragraph);
    stream.close();
    await sending;
    await el.updateComplete;
    const text =
      parts.map(([part]) => part).join("") +
      Array.from({ length: 70 }, (_, i) => `Paragraph ${i}.\n\n`).join("");
    const withoutComments = markdown().innerHTML.replace(/<!--[\s\S]*?-->/g, "");
    expect(withoutComments).toBe(markdownToSafeHtml(text));
    expect(markdown().querySelector("h1")).toBe(heading);
    el.remove();
  });
});
