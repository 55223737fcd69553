/** Allow-lists for URLs coming from the model or a widget. */

/** Links: only absolute http(s) and mailto (no javascript:, data:, relative or protocol-less). */
export function isSafeLinkHref(href: string | null | undefined): boolean {
  return !!href && /^(https?:\/\/|mailto:)/i.test(href.trim());
}

/** Images: http(s) URLs or inline raster/vector images as data URLs. */
export function isSafeImageSrc(src: string | null | undefined): boolean {
  return !!src && /^(https?:\/\/|data:image\/[a-z0-9.+-]+[;,])/i.test(src.trim());
}
