/** Content family: Badge, Icon, Image. */
import { html, nothing } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import { own } from "../own";
import { isAllowedImageSrc, isSafeImageSrc } from "../url-safety";
import type { ComponentRenderer } from "./context";
import { str } from "./context";
import { icon } from "./icons";
import { blockStyle, color } from "./style-props";

const ICON_SIZES: Record<string, string> = {
  xs: "12px",
  sm: "14px",
  md: "16px",
  lg: "20px",
  xl: "24px",
  "2xl": "32px",
  "3xl": "40px",
};

const badge: ComponentRenderer = (node) => {
  const tone = str(node.color) ?? "secondary";
  const variant = str(node.variant) ?? "soft";
  return html`<span class="w-badge tone-${tone} variant-${variant} size-${str(node.size) ?? "md"} ${node.pill ? "pill" : ""}">${str(node.label) ?? ""}</span>`;
};

const iconComponent: ComponentRenderer = (node, ctx) => {
  const c = color(node.color, ctx.colorScheme);
  return html`<span class="w-icon" style=${styleMap(c ? { color: c } : {})}>${icon(str(node.name), own(ICON_SIZES, str(node.size) ?? "md") ?? "16px")}</span>`;
};

/**
 * Only http(s) and data:image sources load, and with a thread's `allowed_image_domains` only from
 * those hosts; anything else becomes an inert placeholder (naming the URL when it was a host).
 */
const image: ComponentRenderer = (node, ctx) => {
  const src = str(node.src);
  const style = blockStyle(node, ctx.colorScheme);
  if (node.fit) style["object-fit"] = String(node.fit);
  if (node.position) style["object-position"] = String(node.position);
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
