/**
 * Syntax highlighting for every language highlight.js ships, each grammar loaded on first use:
 * the first block in a language costs one fetch of that grammar (`hljs/<name>.js`), and chats
 * that never show code pay nothing. Until it arrives the block is plain, escaped code; then every
 * view re-renders (see ../assets). A block without a language is guessed among the grammars
 * already loaded plus a few common ones (one fetch), and only when it is short.
 */
import type { HLJSApi, LanguageFn } from "highlight.js";
import hljs from "highlight.js/lib/core";
import { assetsChanged, loadModule } from "../assets";
import { own } from "../own";
import { ALIASES, LANGUAGES } from "./languages";

/** Longer unlabelled blocks stay plain: guessing runs every loaded grammar over the text. */
export const AUTO_DETECT_MAX_CHARS = 4000;
/** highlight.js's relevance below which a guess is more likely wrong than right. */
const AUTO_DETECT_MIN_RELEVANCE = 5;

const KNOWN = new Set(LANGUAGES);
const requested = new Set<string>();
let commonRequested = false;

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** The grammar a fence label names (`py` → `python`, `C++` → `cpp`), or undefined. */
export function languageOf(label: string | undefined): string | undefined {
  const name = label?.trim().split(/\s+/)[0]?.toLowerCase();
  if (!name) return undefined;
  return KNOWN.has(name) ? name : own(ALIASES, name);
}

function register(grammars: Record<string, LanguageFn>): void {
  for (const [name, grammar] of Object.entries(grammars)) {
    if (!hljs.getLanguage(name)) hljs.registerLanguage(name, grammar);
  }
}

function request(asset: string, onLoad: (module: { default: unknown }) => void): void {
  loadModule<{ default: unknown }>(asset).then(
    (module) => {
      onLoad(module);
      assetsChanged();
    },
    (error) => console.warn(`[chatkit-notebook] could not load ${asset}:`, error),
  );
}

function requestLanguage(name: string): void {
  if (requested.has(name)) return;
  requested.add(name);
  request(`hljs/${name}.js`, (module) => register({ [name]: module.default as LanguageFn }));
}

function requestCommon(): void {
  if (commonRequested) return;
  commonRequested = true;
  request("hljs/common.js", (module) => register(module.default as Record<string, LanguageFn>));
}

/** HTML of a highlighted code block (escaped plain code until its grammar is loaded). */
export function highlightCode(code: string, label: string | undefined): string {
  if (label?.trim()) {
    const name = languageOf(label);
    if (!name) return escapeHtml(code);
    if (!hljs.getLanguage(name)) {
      requestLanguage(name);
      return escapeHtml(code);
    }
    return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  }
  if (code.length > AUTO_DETECT_MAX_CHARS) return escapeHtml(code);
  requestCommon();
  const loaded = hljs.listLanguages();
  if (!loaded.length) return escapeHtml(code);
  const guess = hljs.highlightAuto(code, loaded);
  return guess.relevance >= AUTO_DETECT_MIN_RELEVANCE ? guess.value : escapeHtml(code);
}

/** For tests: the highlight.js instance grammars are registered with. */
export function highlighter(): HLJSApi {
  return hljs;
}
