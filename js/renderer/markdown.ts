/**
 * Markdown → sanitised HTML. marked (GFM) parses, highlight.js colours code blocks, and a private
 * DOMPurify instance strips scripts/handlers and enforces the link and image allow-lists.
 *
 * Raw HTML written into the Markdown (by a model or a widget) is shown as literal text, as
 * ChatKit does: it never becomes markup, so an unclosed `<style>` or `<math>` cannot swallow the
 * rest of a message. DOMPurify still runs over everything as a second line of defence.
 */
import DOMPurify from "dompurify";
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import css from "highlight.js/lib/languages/css";
import javascript from "highlight.js/lib/languages/javascript";
import json from "highlight.js/lib/languages/json";
import markdownLang from "highlight.js/lib/languages/markdown";
import python from "highlight.js/lib/languages/python";
import sql from "highlight.js/lib/languages/sql";
import typescript from "highlight.js/lib/languages/typescript";
import xml from "highlight.js/lib/languages/xml";
import yaml from "highlight.js/lib/languages/yaml";
import { Marked } from "marked";
import { isSafeImageSrc, isSafeLinkHref } from "./url-safety";

const languages = {
  bash,
  css,
  javascript,
  json,
  markdown: markdownLang,
  python,
  sql,
  typescript,
  xml,
  yaml,
};
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);
hljs.registerAliases(["sh", "shell", "zsh", "console"], { languageName: "bash" });
hljs.registerAliases(["html", "svg"], { languageName: "xml" });
hljs.registerAliases(["js", "jsx", "mjs"], { languageName: "javascript" });
hljs.registerAliases(["ts", "tsx"], { languageName: "typescript" });
hljs.registerAliases(["py", "ipython"], { languageName: "python" });
hljs.registerAliases(["yml"], { languageName: "yaml" });
hljs.registerAliases(["md"], { languageName: "markdown" });

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}

/** HTML of a highlighted code block; the output is sanitised along with the rest. */
export function highlightCode(code: string, lang: string | undefined): string {
  const language = lang?.trim().split(/\s+/)[0]?.toLowerCase();
  if (language && hljs.getLanguage(language)) {
    return hljs.highlight(code, { language, ignoreIllegals: true }).value;
  }
  return escapeHtml(code);
}

function createMarked(copyLabel: string): Marked {
  return new Marked({
    gfm: true,
    breaks: true,
    renderer: {
      html({ text }) {
        return escapeHtml(text);
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

let purifier: ReturnType<typeof DOMPurify> | null = null;

/** A private DOMPurify instance, so our hooks never affect other users on the page. */
function getPurifier(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A") {
      if (isSafeLinkHref(node.getAttribute("href"))) {
        node.setAttribute("target", "_blank");
        node.setAttribute("rel", "noopener noreferrer");
      } else {
        node.removeAttribute("href");
      }
    }
    if (node.tagName === "IMG" && !isSafeImageSrc(node.getAttribute("src"))) {
      node.removeAttribute("src");
      node.setAttribute("data-blocked", "");
    }
  });
  purifier = instance;
  return instance;
}

const SANITIZE_CONFIG = {
  FORBID_TAGS: ["style", "form", "input", "textarea", "select", "iframe", "object", "embed"],
  FORBID_ATTR: ["style", "srcset", "action", "formaction"],
  ADD_ATTR: ["target"],
};

/** Sanitises an HTML string (used for every HTML fragment we insert). */
export function sanitizeHtml(html: string): string {
  return getPurifier().sanitize(html, SANITIZE_CONFIG) as unknown as string;
}

const markedByLabel = new Map<string, Marked>();

/** Renders Markdown to sanitised HTML. */
export function markdownToSafeHtml(source: string, copyLabel = "Copy"): string {
  let marked = markedByLabel.get(copyLabel);
  if (!marked) {
    marked = createMarked(copyLabel);
    markedByLabel.set(copyLabel, marked);
  }
  return sanitizeHtml(marked.parse(source, { async: false }) as string);
}
