import { afterEach, describe, expect, it, vi } from "vitest";
import { fontUrlAllowed, loadFontSources } from "../../../js/renderer/fonts";

class FakeFontFace {
  constructor(
    readonly family: string,
    readonly source: string,
    readonly descriptors: Record<string, string>,
  ) {}
  load() {
    return Promise.resolve(this);
  }
}

describe("fontSources", () => {
  const faces: FakeFontFace[] = [];
  const fonts = { add: (face: FakeFontFace) => faces.push(face), delete: vi.fn() };

  afterEach(() => {
    faces.length = 0;
    vi.unstubAllGlobals();
  });

  it("adds each safe font once to the document", () => {
    vi.stubGlobal("FontFace", FakeFontFace);
    Object.defineProperty(document, "fonts", { value: fonts, configurable: true });
    const inter = { family: "Inter", src: "https://fonts.example.org/inter.woff2", weight: 400 };
    loadFontSources([inter, { family: "Evil", src: "javascript:alert(1)" }]);
    loadFontSources([inter]);
    expect(faces.map((face) => [face.family, face.source, face.descriptors.weight])).toEqual([
      ["Inter", 'url("https://fonts.example.org/inter.woff2")', "400"],
    ]);
  });

  it("accepts http(s), font data: and relative URLs only", () => {
    expect(fontUrlAllowed("https://x.org/a.woff2")).toBe(true);
    expect(fontUrlAllowed("data:font/woff2;base64,AAAA")).toBe(true);
    expect(fontUrlAllowed("/files/a.woff2")).toBe(true);
    expect(fontUrlAllowed("javascript:alert(1)")).toBe(false);
    expect(fontUrlAllowed("data:text/html,<script>")).toBe(false);
  });
});
