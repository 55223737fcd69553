/**
 * Math in Markdown, drawn by KaTeX (MIT; fonts OFL), which is loaded on the first formula: its
 * module, CSS and fonts come from the kernel like the grammars (see ../assets), so math works
 * offline and chats without math pay nothing. Until KaTeX is there a formula shows as its source.
 *
 * KaTeX runs with `trust: false` (no `\href`, `\url`, `\includegraphics`, `\html*`: they render as
 * error text), `strict: "ignore"`, bounded `maxSize`/`maxExpand`, and never throws: a formula it
 * cannot parse shows as its source in the error colour. Its HTML then goes through the sanitizer
 * like everything else (see ../markdown.ts for the style allow-list it needs).
 */
import type { KatexOptions } from "katex";
import { assetsChanged, type Bytes, loadFile, loadModule } from "../assets";
import { escapeHtml } from "../highlight";
import FONTS from "./fonts.json";

type Katex = { renderToString(tex: string, options: KatexOptions): string };

const OPTIONS: KatexOptions = {
  throwOnError: false,
  trust: false,
  strict: "ignore",
  output: "htmlAndMathml",
  maxSize: 20,
  maxExpand: 500,
};

let katex: Katex | null = null;
let requested = false;

/**
 * KaTeX's CSS, shared by every chat and preview on the page (each adopts this sheet in its
 * shadow root); empty until KaTeX loads.
 */
export const mathStyles: CSSStyleSheet | null =
  typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype
    ? new CSSStyleSheet()
    : null;

function text(parts: Bytes[]): string {
  const decoder = new TextDecoder();
  return parts.map((part) => decoder.decode(part, { stream: true })).join("") + decoder.decode();
}

/** The fonts are added to the document (shadow roots use the document's fonts). */
async function addFonts(): Promise<void> {
  if (typeof FontFace !== "function" || !document.fonts) return;
  await Promise.all(
    FONTS.map(async (face) => {
      const parts = await loadFile(`katex/fonts/${face.file}.woff2`);
      const bytes = new Uint8Array(parts.reduce((size, part) => size + part.byteLength, 0));
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.byteLength;
      }
      const font = new FontFace(face.family, bytes.buffer, {
        style: face.style,
        weight: face.weight,
      });
      document.fonts.add(await font.load());
    }),
  );
}

function requestKatex(): void {
  if (requested) return;
  requested = true;
  Promise.all([
    loadModule<{ default: Katex }>("katex/katex.js"),
    loadFile("katex/katex.css").then((parts) => mathStyles?.replaceSync(text(parts))),
  ]).then(
    ([module]) => {
      katex = module.default;
      assetsChanged();
      addFonts().catch((error) => console.warn("[chatkit-notebook] KaTeX fonts:", error));
    },
    (error) => {
      requested = false; // asked again by the next formula rendered
      console.warn("[chatkit-notebook] could not load KaTeX:", error);
    },
  );
}

function source(tex: string, display: boolean): string {
  return display ? `$$${tex}$$` : `$${tex}$`;
}

/** HTML of one formula (its source, in a placeholder, until KaTeX is loaded). */
export function renderMath(tex: string, display: boolean): string {
  if (!katex) {
    requestKatex();
    const tag = display ? "div" : "span";
    return `<${tag} class="math-pending${display ? " math-display" : ""}">${escapeHtml(source(tex, display))}</${tag}>`;
  }
  try {
    const html = katex.renderToString(tex, { ...OPTIONS, displayMode: display });
    return display ? `<div class="math-display">${html}</div>` : html;
  } catch (error) {
    // throwOnError is off; this is KaTeX failing on something else (e.g. a stack overflow)
    console.warn("[chatkit-notebook] KaTeX:", error);
    return `<code class="math-error">${escapeHtml(source(tex, display))}</code>`;
  }
}
