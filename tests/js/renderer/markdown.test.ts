import "./happy-dom-shims";
import { describe, expect, it, vi } from "vitest";
import { highlightCode, markdownToSafeHtml, sanitizeHtml } from "../../../js/renderer/markdown";
import { isSafeImageSrc, isSafeLinkHref } from "../../../js/renderer/url-safety";
import { installTestAssets } from "./assets-helper";
import { waitFor } from "./helpers";

function dom(html: string): HTMLElement {
  const div = document.createElement("div");
  div.innerHTML = html; // test-only inspection of sanitised output
  return div;
}

describe("markdown → sanitised HTML", () => {
  it("renders GFM tables, lists and emphasis", () => {
    const html = dom(markdownToSafeHtml("| a | b |\n|---|---|\n| 1 | 2 |\n\n- **x**\n- _y_"));
    expect(html.querySelectorAll("table td")).toHaveLength(2);
    expect(html.querySelector("li strong")?.textContent).toBe("x");
  });

  it("shows raw HTML as inert text, never as markup", () => {
    const source =
      '<script>alert(1)</script><img src="https://x/a.png" onerror="alert(1)">\n\n' +
      '<div style="position:fixed" onclick="x()">t</div>\n\n<math><mtext><table><style>\n\nafter';
    const html = dom(markdownToSafeHtml(source));
    expect(
      html.querySelector("script, img, iframe, div, math, style, [onclick], [style]"),
    ).toBeNull();
    expect(html.textContent).toContain("<script>alert(1)</script>");
    expect(html.textContent).toContain('onerror="alert(1)"');
    expect(html.textContent).toContain("after"); // an unclosed tag swallows nothing
    expect(markdownToSafeHtml("a <b>bold</b> word")).toBe(
      "<p>a &lt;b&gt;bold&lt;/b&gt; word</p>\n",
    );
  });

  it("sanitizeHtml strips scripts, event handlers, styles and iframes", () => {
    // happy-dom, unlike a browser, tries to load an iframe of DOMPurify's parsed document, and
    // reports on the console that it will not: expected here, so asserted rather than printed.
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    const html = dom(
      sanitizeHtml(
        '<script>alert(1)</script><img src="https://x/a.png" onerror="alert(1)"><div style="position:fixed" onclick="x()">t</div><iframe name="f"></iframe>',
      ),
    );
    expect(html.querySelector("script, iframe")).toBeNull();
    expect(html.querySelector("img")?.getAttribute("onerror")).toBeNull();
    expect(html.querySelector("div[onclick], [style]")).toBeNull();
    expect(consoleError).toHaveBeenCalledWith(
      expect.objectContaining({ name: "NotSupportedError" }),
    );
    consoleError.mockRestore();
  });

  it("links: only http(s)/mailto, opened in a new tab with rel=noopener", () => {
    const html = dom(
      markdownToSafeHtml(
        "[ok](https://example.com) [mail](mailto:a@b.c) [bad](javascript:alert(1)) [data](data:text/html,x) [rel](/local)",
      ),
    );
    const links = [...html.querySelectorAll("a")];
    expect(links.map((a) => a.getAttribute("href"))).toEqual([
      "https://example.com",
      "mailto:a@b.c",
      null,
      null,
      null,
    ]);
    expect(links[0]?.getAttribute("target")).toBe("_blank");
    expect(links[0]?.getAttribute("rel")).toContain("noopener");
  });

  it("images: only http(s) or data:image", () => {
    const html = dom(
      markdownToSafeHtml(
        "![a](https://e.com/a.png) ![b](data:image/png;base64,AA) ![c](javascript:x) ![d](data:text/html,x)",
      ),
    );
    expect([...html.querySelectorAll("img")].map((i) => i.getAttribute("src"))).toEqual([
      "https://e.com/a.png",
      "data:image/png;base64,AA",
      null,
      null,
    ]);
  });

  it("code blocks are highlighted (once their grammar loaded) and get a copy button", async () => {
    installTestAssets();
    const source = "```python\ndef f():\n    return 1\n```";
    markdownToSafeHtml(source, "Kopieren"); // asks for the grammar
    const html = await waitFor(() => {
      const out = dom(markdownToSafeHtml(source, "Kopieren"));
      return out.querySelector(".hljs-keyword") ? out : null;
    });
    expect(html.querySelector(".code-block code.language-python .hljs-keyword")?.textContent).toBe(
      "def",
    );
    expect(html.querySelector("button[data-copy]")?.textContent).toBe("Kopieren");
    expect(highlightCode("<b>", "unknown-lang")).toBe("&lt;b&gt;");
    expect(highlightCode("x = 1", "py")).toContain("hljs");
  });

  it("sanitizeHtml and URL allow-lists", () => {
    expect(sanitizeHtml('<a href="javascript:alert(1)">x</a>')).not.toContain("javascript");
    expect(isSafeLinkHref(" https://a.b")).toBe(true);
    expect(isSafeLinkHref("JAVASCRIPT:alert(1)")).toBe(false);
    expect(isSafeImageSrc("data:image/svg+xml;base64,AA")).toBe(true);
    expect(isSafeImageSrc("data:text/html,AA")).toBe(false);
  });
});
