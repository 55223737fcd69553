/**
 * Memoised Markdown HTML. Finished parts keep their object identity across renders (the reducer
 * copies only what changed), so a render that changes nothing re-parses nothing; the part that is
 * streaming gets a new object per frame, and its blocks are carried over by a stable key (item id
 * and part index), so only its open tail is parsed again (see `markdownBlocks`). Output drawn
 * before a lazily loaded part (a grammar, KaTeX) arrived is stale afterwards: the part's arrival
 * bumps `assetGeneration`, which is in every key.
 */
import { assetGeneration } from "../assets";
import { type MarkdownBlocksState, markdownBlocks, markdownToSafeHtml } from "../markdown";
import { type ImageDomains, imageDomainsKey } from "../url-safety";

interface BlocksHit {
  source: string;
  variant: string;
  blocks: readonly string[];
}

const byObject = new WeakMap<object, BlocksHit>();
/** Block state of recently rendered texts by stable key; a growing text finds its last state here. */
const byKey = new Map<string, MarkdownBlocksState>();
const MAX_KEYS = 64;

/** Sanitised HTML blocks of `source` (their concatenation is the whole message). */
export function cachedMarkdownBlocks(
  owner: object,
  key: string,
  source: string,
  copyLabel: string,
  domains?: ImageDomains,
): readonly string[] {
  const variant = `${copyLabel}\u0000${imageDomainsKey(domains)}\u0000${assetGeneration()}`;
  const hit = byObject.get(owner);
  if (hit && hit.source === source && hit.variant === variant) return hit.blocks;
  const { blocks, state } = markdownBlocks(source, copyLabel, domains, byKey.get(key));
  byKey.delete(key); // re-inserted last: the map's order is least recently rendered first
  byKey.set(key, state);
  if (byKey.size > MAX_KEYS) byKey.delete(byKey.keys().next().value as string);
  byObject.set(owner, { source, variant, blocks });
  return blocks;
}

/** Widget Markdown has no stable owner object, so a small string-keyed cache is used instead. */
const byText = new Map<string, string>();
const MAX_TEXT_ENTRIES = 200;

export function cachedMarkdownText(
  source: string,
  copyLabel: string,
  domains?: ImageDomains,
): string {
  const key = `${copyLabel}\u0000${imageDomainsKey(domains)}\u0000${assetGeneration()}\u0000${source}`;
  let html = byText.get(key);
  if (html === undefined) {
    html = markdownToSafeHtml(source, copyLabel, domains);
    if (byText.size >= MAX_TEXT_ENTRIES) byText.delete(byText.keys().next().value as string);
    byText.set(key, html);
  }
  return html;
}
