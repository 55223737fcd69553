/** Allow-lists for URLs coming from the model or a widget. */

/** Links: only absolute http(s) and mailto (no javascript:, data:, relative or protocol-less). */
export function isSafeLinkHref(href: string | null | undefined): boolean {
  return !!href && /^(https?:\/\/|mailto:)/i.test(href.trim());
}

/** Images: http(s) URLs or inline raster/vector images as data URLs. */
export function isSafeImageSrc(src: string | null | undefined): boolean {
  return !!src && /^(https?:\/\/|data:image\/[a-z0-9.+-]+[;,])/i.test(src.trim());
}

/**
 * A thread's `allowed_image_domains`: `undefined` (the field is absent or null) allows every host;
 * a list allows exactly those hosts and their subdomains. Inline `data:image` is always allowed.
 */
export type ImageDomains = readonly string[] | undefined;

/** `"https://Example.org/x"`, `"*.example.org"`, `".example.org."` → `"example.org"`. */
function normalizeDomain(domain: string): string {
  let value = domain.trim().toLowerCase();
  if (value.includes("://")) {
    try {
      value = new URL(value).hostname;
    } catch {
      return "";
    }
  }
  return value.replace(/^\*?\.+/, "").replace(/\.+$/, "");
}

/** The image may load: a safe scheme, and (with a domain list) a listed host or a subdomain of one. */
export function isAllowedImageSrc(src: string | null | undefined, domains: ImageDomains): boolean {
  if (!src || !isSafeImageSrc(src)) return false;
  if (!domains) return true;
  const value = src.trim();
  if (/^data:image\//i.test(value)) return true;
  let host: string;
  try {
    host = new URL(value).hostname.toLowerCase().replace(/\.+$/, "");
  } catch {
    return false;
  }
  return domains.some((entry) => {
    const domain = normalizeDomain(entry);
    return !!domain && (host === domain || host.endsWith(`.${domain}`));
  });
}

/** A stable key for caches of output that depends on the image policy. */
export function imageDomainsKey(domains: ImageDomains): string {
  return domains ? `[${domains.join(",")}]` : "*";
}
