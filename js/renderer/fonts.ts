/**
 * ChatKit's `theme.typography.fontSources`: the user's own web fonts. A shadow root cannot
 * declare @font-face, so the faces are added to the document once per page. Nothing is loaded
 * unless the user asks for it, and only from http(s) or data: URLs.
 */
import type { FontObject } from "@openai/chatkit";

const added = new Set<string>();

export function fontUrlAllowed(src: string): boolean {
  return /^(https?:|data:font\/|data:application\/(font|x-font)|\/|\.\.?\/)/i.test(src.trim());
}

export function loadFontSources(sources: readonly FontObject[] | undefined): void {
  if (!sources?.length || typeof FontFace === "undefined" || !document.fonts) return;
  for (const font of sources) {
    const key = JSON.stringify(font);
    if (added.has(key) || !fontUrlAllowed(font.src)) continue;
    added.add(key);
    const face = new FontFace(font.family, `url(${JSON.stringify(font.src)})`, {
      weight: String(font.weight ?? "normal"),
      style: font.style ?? "normal",
      display: font.display ?? "swap",
      ...(font.unicodeRange ? { unicodeRange: font.unicodeRange } : {}),
    });
    document.fonts.add(face);
    face.load().catch(() => {
      document.fonts.delete(face); // unreachable font: the fallback stack stays in use
      added.delete(key);
    });
  }
}
