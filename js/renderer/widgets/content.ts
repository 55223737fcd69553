/** Content family: Badge, Icon, Image. */
import { html, nothing } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import { own } from "../own";
import { isAllowedImageSrc, isSafeImageSrc } from "../url-safety";
import type { ComponentRenderer } from "./context";
import { str } from "./context";
import { icon } from "./icons";
import { blockStyle, color, cssText, iconSize, oneOf } from "./style-props";

const FITS: Record<string, string> = Object.fromEntries(
  ["cover", "contain", "fill", "scale-down", "none"].map((fit) => [fit, fit]),
);

const BADGE_TONES = new Set(["secondary", "success", "danger", "warning", "info", "discovery"]);
const BADGE_VARIANTS = new Set(["solid", "soft", "outline"]);

const badge: ComponentRenderer = (node) => {
  const tone = oneOf(BADGE_TONES, node.color, "secondary");
  const variant = oneOf(BADGE_VARIANTS, node.variant, "soft");
  return html`<span class="w-badge tone-${tone} variant-${variant} size-${str(node.size) ?? "md"} ${node.pill ? "pill" : ""}">${str(node.label) ?? ""}</span>`;
};

const iconComponent: ComponentRenderer = (node, ctx) => {
  const c = color(node.color, ctx.colorScheme);
  return html`<span class="w-icon" style=${styleMap(c ? { color: c } : {})}>${icon(str(node.name), iconSize(node.size) ?? "16px")}</span>`;
};

/**
 * Only http(s) and data:image sources load, and with a thread's `allowed_image_domains` only from
 * those hosts; anything else becomes an inert placeholder (naming the URL when it was a host).
 */
const image: ComponentRenderer = (node, ctx) => {
  const src = str(node.src);
  const style = blockStyle(node, ctx.colorScheme, ctx.imageDomains);
  const fit = own(FITS, node.fit);
  if (fit) style["object-fit"] = fit;
  const position = cssText(node.position);
  if (position) style["object-position"] = position;
  if (!isAllowedImageSrc(src, ctx.imageDomains)) {
    const url = isSafeImageSrc(src) ? src : undefined;
    return html`<div class="w-image blocked" data-testid=${url ? "blocked-image" : nothing} role="img" aria-label=${str(node.alt) ?? ctx.t("imageBlocked")} style=${styleMap(style)}>${ctx.t("imageBlocked")}${url ? html`<span class="url">${url}</span>` : nothing}</div>`;
  }
  return html`<img class="w-image ${node.frame ? "frame" : ""}" src=${src ?? ""} alt=${str(node.alt) ?? ""} loading="lazy" referrerpolicy="no-referrer" style=${styleMap(style)} />`;
};

export const contentRenderers: Record<string, ComponentRenderer> = {
  Badge: badge,
  Icon: iconComponent,
  Image: image,
};
