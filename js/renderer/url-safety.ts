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

/** The CSS functions a style value from widget data may call (`url()` is checked separately). */
const CSS_FUNCTIONS = new Set([
  "rgb",
  "rgba",
  "hsl",
  "hsla",
  "hwb",
  "lab",
  "lch",
  "oklab",
  "oklch",
  "color",
  "color-mix",
  "light-dark",
  "linear-gradient",
  "radial-gradient",
  "conic-gradient",
  "repeating-linear-gradient",
  "repeating-radial-gradient",
  "repeating-conic-gradient",
  "calc",
  "min",
  "max",
  "clamp",
  "var",
]);

const CSS_URL = /\burl\(\s*(?:"([^"]*)"|'([^']*)'|([^\s"'()]*))\s*\)/gi;
const CSS_FUNCTION = /([a-z-]*)\s*\(/gi;
/** Escapes, comments, quotes and anything that ends a declaration or opens a block or at-rule. */
const CSS_FORBIDDEN = /[\\;{}<>!"'`@]|\/\*/;

/**
 * A CSS value taken from widget data, or undefined when it could fetch something or break out of
 * its declaration. Every function call must be allow-listed (colours, gradients, `calc`, `var`);
 * `url()` is allowed only where the property shows images (`images` given) and only for a source
 * `isAllowedImageSrc` accepts under the thread's `allowed_image_domains`. Everything else that
 * could load (`image-set()`, `cross-fade()`, `element()`, `paint()`, escaped `u\72l(`) is refused.
 */
export function safeCssValue(
  value: string,
  images?: { domains: ImageDomains },
): string | undefined {
  if (value.length > 2000) return undefined;
  let allowed = true;
  const rest = value.replace(CSS_URL, (_match, double, single, bare) => {
    const url = (double ?? single ?? bare ?? "") as string;
    if (!images || !isAllowedImageSrc(url, images.domains)) allowed = false;
    return "url()";
  });
  if (!allowed || CSS_FORBIDDEN.test(rest)) return undefined;
  for (const match of rest.matchAll(CSS_FUNCTION)) {
    const name = (match[1] ?? "").toLowerCase();
    // A checked url() was replaced by exactly "url()"; any other url( did not parse as one.
    const checkedUrl = name === "url" && rest.startsWith("url()", match.index);
    if (!checkedUrl && !CSS_FUNCTIONS.has(name)) return undefined;
  }
  return value;
}
