/**
 * Math in Markdown: KaTeX loaded on the first formula, prices and code left alone, half-written
 * formulas harmless while a reply streams, and KaTeX's output as inert as any other Markdown.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { assetGeneration } from "../../../js/renderer/assets";
import { katexStyle, markdownBlocks, markdownToSafeHtml } from "../../../js/renderer/markdown";
import { installTestAssets, requested } from "./assets-helper";
import { waitFor } from "./helpers";

beforeAll(async () => {
  installTestAssets();
  markdownToSafeHtml("$x$"); // asks for KaTeX
  await waitFor(() => markdownToSafeHtml("$x$").includes("katex"), 10_000);
});

function rendered(source: string) {
  const container = document.createElement("div");
  container.innerHTML = markdownToSafeHtml(source);
  const display = container.querySelectorAll(".katex-display").length;
  return {
    container,
    inline: container.querySelectorAll(".katex").length - display,
    display,
    text: container.textContent ?? "",
  };
}

describe("where math is", () => {
  const CORPUS: [string, number, number, string?][] = [
    // source, inline formulas, display formulas, literal text that must remain
    ["The energy $E = mc^2$ is famous.", 1, 0, "is famous"],
    ["$$\\int_0^1 x^2\\,dx$$", 0, 1],
    ["Block:\n\n$$\n\\frac{a}{b}\n$$\n\nafter", 0, 1, "after"],
    ["\\(a+b\\) and \\[c+d\\]", 1, 1],
    ["$a$ and $b$ and $c_1$", 3, 0],
    ["it costs $5 and $10", 0, 0, "it costs $5 and $10"],
    ["costs $5 and 10$ each", 0, 0, "costs $5 and 10$ each"],
    ["between $ 5 $ and", 0, 0, "between $ 5 $ and"],
    ["a `$x$` code span", 0, 0, "$x$"],
    ["It costs $5 and $10; `$x$` stays code.", 0, 0, "It costs $5 and $10; $x$ stays code."],
    ["```\n$$x$$ and $y$\n```", 0, 0, "$$x$$ and $y$"],
    ["an escaped \\$5 and \\$6", 0, 0, "an escaped $5 and $6"],
    ["$2x + 1$ starts with a digit", 1, 0, "starts with a digit"],
  ];
  for (const [source, inline, display, literal] of CORPUS) {
    it(JSON.stringify(source), () => {
      const out = rendered(source);
      expect(out.inline, "inline").toBe(inline);
      expect(out.display, "display").toBe(display);
      if (literal) expect(out.text).toContain(literal);
    });
  }

  it("shows a formula KaTeX cannot parse as its source in the error colour, never throwing", () => {
    for (const broken of [
      "$\\frac{1}{$",
      "$$\\begin{matrix}$$",
      "$x^{$",
      "$\\undefinedmacro{x}$",
    ]) {
      const out = rendered(broken);
      expect(out.container.querySelector(".katex-error, .katex"), broken).not.toBeNull();
    }
  });

  it("bounds expansion: a macro bomb is an error, not a hang", () => {
    const bomb = `$${"\\def\\a{\\a\\a}".repeat(1)}\\a$`;
    expect(() => markdownToSafeHtml(bomb)).not.toThrow();
  });
});

describe("KaTeX output stays inert", () => {
  const ATTEMPTS = [
    "$\\href{javascript:alert(1)}{click}$",
    "$$\\href{https://evil.example/x}{click}$$",
    "$\\url{javascript:alert(1)}$",
    "$\\htmlClass{injected}{y}$",
    "$\\htmlId{injected}{y}$",
    "$\\htmlStyle{background:url(https://evil.example/x.png)}{y}$",
    "$\\htmlData{onclick=alert(1)}{y}$",
    "$\\includegraphics{https://evil.example/x.png}$",
    "$\\color{red;background:url(https://evil.example/x)}{x}$",
    "$\\textcolor{url(https://evil.example/x)}{x}$",
    "$\\colorbox{url(https://evil.example/x)}{x}$",
    "$\\text{<img src=x onerror=alert(1)>}$",
    "$\\operatorname{<script>alert(1)</script>}$",
  ];
  // Attributes that navigate or load (a KaTeX error's `title` quotes the source: that is text).
  const LOADING = new Set(["href", "xlink:href", "src", "srcset", "style", "action", "background"]);
  it("renders no link, image, handler, id, data attribute or fetching style", () => {
    for (const attempt of ATTEMPTS) {
      const { container } = rendered(attempt);
      expect(
        container.querySelector("a, img, script, iframe, [id], [onclick]"),
        attempt,
      ).toBeNull();
      for (const el of container.querySelectorAll("*")) {
        for (const attr of el.attributes) {
          expect(attr.name.startsWith("on"), `${attempt}: ${attr.name}`).toBe(false);
          expect(attr.name.startsWith("data-"), `${attempt}: ${attr.name}`).toBe(false);
          if (LOADING.has(attr.name)) {
            expect(attr.value, attempt).not.toMatch(/javascript:|evil\.example|url\(/i);
          }
        }
        expect(el.classList.contains("injected"), attempt).toBe(false);
      }
    }
  });

  it("keeps only KaTeX's layout properties in styles, and only inside KaTeX output", () => {
    expect(katexStyle("height:1em;vertical-align:-0.25em")).toBe(
      "height:1em;vertical-align:-0.25em",
    );
    expect(katexStyle("color:red;background:url(https://evil.example/x)")).toBe("color:red");
    expect(katexStyle("background-color:url(x);behavior:url(y)")).toBe("");
    const { container } = rendered("$\\frac{a}{b}$");
    expect(container.querySelector("[style]")).not.toBeNull(); // KaTeX needs its styles
  });
});

describe("a formula while the reply streams", () => {
  it("never throws, and keeps the finished blocks before it", () => {
    const text =
      "Intro paragraph.\n\nSecond paragraph with $E = mc^2$ inline.\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n\nAnd \\(\\alpha\\) to end.";
    let state: Parameters<typeof markdownBlocks>[3];
    let first: string | undefined;
    for (let end = 1; end <= text.length; end++) {
      const result = markdownBlocks(text.slice(0, end), "Copy", undefined, state);
      state = result.state;
      if (end > "Intro paragraph.\n\nSecond".length) {
        first ??= result.blocks[0];
        expect(result.blocks[0]).toBe(first); // the intro is never drawn again
      }
    }
    expect(markdownBlocks(text, "Copy", undefined, state).blocks.join("")).toBe(
      markdownToSafeHtml(text),
    );
  });
});

describe("KaTeX is fetched on the first formula only", () => {
  it("shows the source until it arrives; text without math fetches nothing", async () => {
    vi.resetModules();
    const assets = await import("../../../js/renderer/assets");
    const markdown = await import("../../../js/renderer/markdown");
    installTestAssets(assets);
    const count = requested.length;
    markdown.markdownToSafeHtml("# Prose\n\nIt costs $5 and $10, `$x$` is code.");
    expect(requested.length).toBe(count);
    const pending = markdown.markdownToSafeHtml("Energy: $E = mc^2$");
    expect(pending).toContain("math-pending");
    expect(pending).toContain("$E = mc^2$");
    await waitFor(() => assets.assetGeneration() > 0, 10_000);
    expect(markdown.markdownToSafeHtml("Energy: $E = mc^2$")).toContain('class="katex"');
    expect(requested.slice(count).filter((name) => name === "katex/katex.js")).toHaveLength(1);
    expect(assetGeneration()).toBeGreaterThan(0); // the first copy loaded it too
  });
});
