/**
 * Markdown → sanitised HTML. marked (GFM) parses, highlight.js colours code blocks, and a private
 * DOMPurify instance strips scripts/handlers and enforces the link and image allow-lists.
 *
 * Raw HTML written into the Markdown (by a model or a widget) is shown as literal text, as
 * ChatKit does: it never becomes markup, so an unclosed `<style>` or `<math>` cannot swallow the
 * rest of a message. DOMPurify still runs over everything as a second line of defence.
 */
import DOMPurify from "dompurify";
import { Marked, type Token, type TokensList } from "marked";
import { assetGeneration } from "./assets";
import { escapeHtml, highlightCode } from "./highlight";
import { renderMath } from "./math";
import { mathExtension } from "./math/syntax";
import {
  type ImageDomains,
  isAllowedImageSrc,
  isSafeImageSrc,
  isSafeLinkHref,
  safeCssValue,
} from "./url-safety";

export { highlightCode };

/**
 * The image policy of the thread being rendered. Rendering is synchronous, so the entry points
 * set it for the duration of one call (marked's renderer and DOMPurify's hook read it).
 */
let activeDomains: ImageDomains;

function withDomains<T>(domains: ImageDomains, render: () => T): T {
  const previous = activeDomains;
  activeDomains = domains;
  try {
    return render();
  } finally {
    activeDomains = previous;
  }
}

/** An image the thread's `allowed_image_domains` rules out: inert text, never a request. */
export function blockedImageHtml(src: string, alt: string): string {
  const label = alt ? `${alt}: ${src}` : src;
  return `<span class="image-blocked" data-testid="blocked-image" role="img" aria-label="${escapeHtml(label)}">${escapeHtml(src)}</span>`;
}

function createMarked(copyLabel: string): Marked {
  return new Marked(mathExtension(renderMath), {
    gfm: true,
    breaks: true,
    renderer: {
      html({ text }) {
        return escapeHtml(text);
      },
      image({ href, text }) {
        if (isSafeImageSrc(href) && !isAllowedImageSrc(href, activeDomains)) {
          return blockedImageHtml(href, text);
        }
        return false; // marked's own <img>
      },
      code({ text, lang }) {
        const language = escapeHtml(lang?.split(/\s+/)[0] ?? "");
        return (
          `<div class="code-block"><div class="code-bar"><span>${language}</span>` +
          `<button type="button" class="copy" data-copy>${escapeHtml(copyLabel)}</button></div>` +
          `<pre><code class="hljs${language ? ` language-${language}` : ""}">` +
          `${highlightCode(text, lang)}</code></pre></div>`
        );
      },
    },
  });
}

const SANITIZE_CONFIG = {
  FORBID_TAGS: ["style", "form", "input", "textarea", "select", "iframe", "object", "embed"],
  FORBID_ATTR: ["srcset", "action", "formaction"],
  // KaTeX's MathML (read by screen readers) keeps its TeX source in an annotation.
  ADD_TAGS: ["semantics", "annotation"],
  ADD_ATTR: ["target", "encoding"],
};

/**
 * Inline styles survive only inside KaTeX output, whose layout is made of them, and only the
 * properties KaTeX writes, with values that load nothing (`safeCssValue`, no `url()`).
 */
const KATEX_STYLE_PROPERTIES = new Set([
  "height",
  "width",
  "min-width",
  "top",
  "bottom",
  "left",
  "position",
  "vertical-align",
  "margin",
  "margin-top",
  "margin-right",
  "margin-left",
  "padding-left",
  "border-width",
  "border-style",
  "border-color",
  "border-top-width",
  "border-right-width",
  "border-bottom-width",
  "border-right-style",
  "color",
  "background-color",
  "text-shadow",
]);

export function katexStyle(style: string): string {
  const kept: string[] = [];
  for (const declaration of style.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon === -1) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const value = declaration.slice(colon + 1).trim();
    if (KATEX_STYLE_PROPERTIES.has(property) && value && safeCssValue(value) !== undefined) {
      kept.push(`${property}:${value}`);
    }
  }
  return kept.join(";");
}

let purifier: ReturnType<typeof DOMPurify> | null = null;

/** A private DOMPurify instance, so our hooks never affect other users on the page. */
function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook("uponSanitizeAttribute", (node, data) => {
    if (data.attrName !== "style") return;
    const style = node.closest?.(".katex") ? katexStyle(data.attrValue) : "";
    if (style) data.attrValue = style;
    else data.keepAttr = false;
  });
  instance.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A") {
      if (isSafeLinkHref(node.getAttribute("href"))) {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      } else {
        node.removeAttribute("href");
      }
    }
    if (node.tagName === "IMG" && !isAllowedImageSrc(node.getAttribute("src"), activeDomains)) {
      node.removeAttribute("src");
      node.setAttribute("data-blocked", "");
    }
  });
  // Parsed once: `sanitize(html, config)` would re-parse (and copy) the allow-lists every call.
  instance.setConfig(SANITIZE_CONFIG);
  purifier = instance;
  return instance;
}

/** Sanitises an HTML string (used for every HTML fragment we insert). */
export function sanitizeHtml(html: string): string {
  return getPurifier().sanitize(html) as unknown as string;
}

const markedByLabel = new Map<string, Marked>();

function markedFor(copyLabel: string): Marked {
  let marked = markedByLabel.get(copyLabel);
  if (!marked) {
    marked = createMarked(copyLabel);
    markedByLabel.set(copyLabel, marked);
  }
  return marked;
}

/** Renders Markdown to sanitised HTML; `domains` is the thread's `allowed_image_domains`. */
export function markdownToSafeHtml(
  source: string,
  copyLabel = "Copy",
  domains?: ImageDomains,
): string {
  try {
    return withDomains(domains, () =>
      sanitizeHtml(markedFor(copyLabel).parse(source, { async: false }) as string),
    );
  } catch (error) {
    return plainTextHtml(source, error);
  }
}

/**
 * Text the Markdown parser cannot take (thousands of nested `>` or `**` overflow its recursion)
 * is shown as it was written, as escaped text, instead of stopping the chat's rendering.
 */
export function plainTextHtml(source: string, error?: unknown): string {
  if (error !== undefined) console.warn("[chatkit-notebook] Markdown shown as text:", error);
  return `<p class="markdown-fallback" data-testid="markdown-fallback">${escapeHtml(source)}</p>`;
}

// ---- incremental rendering of a growing message ----------------------------------------------

/**
 * What `markdownBlocks` keeps between calls for one growing text: the finished top-level blocks
 * (their HTML and the length of the source they cover) and the blocks still open.
 */
export interface MarkdownBlocksState {
  readonly variant: string;
  /** Length of the source prefix covered by `finished`. */
  readonly stable: number;
  readonly prefix: string;
  readonly finished: readonly string[];
  /** Blocks after `stable`, keyed by their position and text (so an unchanged one is reused). */
  readonly open: readonly { raw: string; html: string }[];
  /** The text after `stable` failed to parse: while it grows, it is shown as text, unparsed. */
  readonly broken?: boolean;
}

/**
 * Markdown → sanitised HTML, one string per top-level block (their concatenation equals
 * `markdownToSafeHtml(source)`). Given the state of an earlier call on a prefix of `source` (a
 * streaming message), finished blocks keep their HTML and only the open tail is lexed again:
 * a frame costs the size of the last blocks, not of the whole message.
 *
 * A block counts as finished once two later non-space blocks exist and a blank line precedes
 * the next block (a list or code block can otherwise still absorb what follows). Reference link
 * definitions can change any earlier block, so a text with one is always rendered whole.
 */
export function markdownBlocks(
  source: string,
  copyLabel = "Copy",
  domains?: ImageDomains,
  previous?: MarkdownBlocksState,
): { blocks: string[]; state: MarkdownBlocksState } {
  // Output drawn before a grammar (or KaTeX) arrived is stale once it is there.
  const variant = `${copyLabel}\u0000${domains ? domains.join(",") : "*"}\u0000${assetGeneration()}`;
  const reuse =
    previous && previous.variant === variant && source.startsWith(previous.prefix)
      ? previous
      : undefined;
  if (reuse?.broken) {
    return {
      blocks: [...reuse.finished, plainTextHtml(source.slice(reuse.stable))],
      state: { ...reuse, prefix: source.slice(0, reuse.stable) },
    };
  }
  try {
    return blocksOf(source, copyLabel, domains, variant, reuse);
  } catch (error) {
    const stable = reuse?.stable ?? 0;
    const finished = reuse?.finished ?? [];
    const state = { variant, stable, prefix: source.slice(0, stable), finished, open: [] };
    return {
      blocks: [...finished, plainTextHtml(source.slice(stable), error)],
      state: { ...state, broken: true },
    };
  }
}

function blocksOf(
  source: string,
  copyLabel: string,
  domains: ImageDomains,
  variant: string,
  reuse: MarkdownBlocksState | undefined,
): { blocks: string[]; state: MarkdownBlocksState } {
  const marked = markedFor(copyLabel);
  return withDomains(domains, () => {
    let offset = reuse?.stable ?? 0;
    let tokens = marked.lexer(source.slice(offset));
    if (offset > 0 && hasLinks(tokens)) {
      offset = 0;
      tokens = marked.lexer(source);
    }
    if (hasLinks(tokens)) {
      const html = sanitizeHtml(marked.parser(tokens));
      return { blocks: [html], state: { variant, stable: 0, prefix: "", finished: [], open: [] } };
    }
    let cut = stableCut(tokens);
    let covered = "";
    for (let i = 0; i < cut; i++) covered += (tokens[i] as Token).raw;
    if (!source.startsWith(covered, offset)) {
      cut = 0; // the lexer normalised the text (e.g. CRLF): keep everything open
      covered = "";
    }
    // A block rendered while open keeps its HTML when it is finished or still open unchanged.
    const openBefore = new Map((reuse?.open ?? []).map((block) => [block.raw, block.html]));
    const render = (group: { start: number; tokens: Token[] }) => {
      const raw = `${offset + group.start}\u0000${group.tokens.map((token) => token.raw).join("")}`;
      return { raw, html: openBefore.get(raw) ?? renderGroup(marked, group.tokens) };
    };
    const finished = offset > 0 ? [...(reuse?.finished ?? [])] : [];
    for (const group of blockGroups(tokens, 0, cut)) finished.push(render(group).html);
    const stable = offset + covered.length;
    const open = blockGroups(tokens, cut, tokens.length).map(render);
    const state: MarkdownBlocksState = {
      variant,
      stable,
      prefix: source.slice(0, stable),
      finished,
      open,
    };
    return { blocks: [...finished, ...open.map((block) => block.html)], state };
  });
}

function hasLinks(tokens: TokensList): boolean {
  for (const _ in tokens.links) return true;
  return false;
}

/**
 * Index of the first token that may still change when text is appended: the second-to-last
 * non-space token, moved back until a blank line (a space token) precedes it.
 */
function stableCut(tokens: TokensList): number {
  let seen = 0;
  let cut = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if ((tokens[i] as Token).type !== "space" && ++seen === 2) {
      cut = i;
      break;
    }
  }
  while (cut > 0 && (tokens[cut - 1] as Token).type !== "space") cut--;
  return cut;
}

/**
 * Tokens [start, end) grouped into blocks, each with its offset in the lexed text: one per token,
 * space tokens dropped (they render nothing), consecutive `text` tokens together (the parser
 * joins them into one paragraph).
 */
function blockGroups(
  tokens: TokensList,
  start: number,
  end: number,
): { start: number; tokens: Token[] }[] {
  const groups: { start: number; tokens: Token[] }[] = [];
  let position = 0;
  for (let i = 0; i < end; i++) {
    const token = tokens[i] as Token;
    const at = position;
    position += token.raw.length;
    if (i < start || token.type === "space") continue;
    const last = groups.at(-1);
    if (
      token.type === "text" &&
      last &&
      tokens[i - 1] === last.tokens.at(-1) &&
      last.tokens.at(-1)?.type === "text"
    ) {
      last.tokens.push(token);
    } else {
      groups.push({ start: at, tokens: [token] });
    }
  }
  return groups;
}

function renderGroup(marked: Marked, group: Token[]): string {
  return sanitizeHtml(marked.parser(group));
}
