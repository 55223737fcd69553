/**
 * Memoises Markdown HTML per content object. Finished parts keep their object identity across
 * renders (the reducer copies only what changed), so only the streaming part is ever re-parsed.
 */
import { markdownToSafeHtml } from "../markdown";

const byObject = new WeakMap<object, { source: string; label: string; html: string }>();

export function cachedMarkdown(owner: object, source: string, copyLabel: string): string {
  const hit = byObject.get(owner);
  if (hit && hit.source === source && hit.label === copyLabel) return hit.html;
  const html = markdownToSafeHtml(source, copyLabel);
  byObject.set(owner, { source, label: copyLabel, html });
  return html;
}

/** Widget Markdown has no stable owner object, so a small string-keyed cache is used instead. */
const byText = new Map<string, string>();
const MAX_TEXT_ENTRIES = 200;

export function cachedMarkdownText(source: string, copyLabel: string): string {
  const key = `${copyLabel}\u0000${source}`;
  let html = byText.get(key);
  if (html === undefined) {
    html = markdownToSafeHtml(source, copyLabel);
    if (byText.size >= MAX_TEXT_ENTRIES) byText.delete(byText.keys().next().value as string);
    byText.set(key, html);
  }
  return html;
}
