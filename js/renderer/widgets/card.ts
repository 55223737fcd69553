/** Root family: Card (status, confirm/cancel, asForm, collapsed), ListView/ListViewItem, Basic. */
import { html, nothing } from "lit";
import { classMap } from "lit/directives/class-map.js";
import { styleMap } from "lit/directives/style-map.js";
import type { ActionConfig, WidgetNode } from "../protocol/types";
import { themeVariables } from "../theme";
import { isAllowedImageSrc } from "../url-safety";
import type { ComponentRenderer, Rendered, WidgetContext } from "./context";
import { actionOf, childrenOf, renderChildren, str } from "./context";
import { submitWith } from "./controls";
import { icon } from "./icons";
import { onFormSubmit } from "./layout";
import { blockStyle, space } from "./style-props";

interface CardAction {
  label: string;
  action: ActionConfig;
}

function cardActionOf(value: unknown): CardAction | undefined {
  const v = value as Partial<CardAction> | undefined;
  return v && typeof v.label === "string" && actionOf(v.action) ? (v as CardAction) : undefined;
}

/** Header line shown above a Card/ListView: `{text, icon?}` or `{text, favicon?}`. */
export function renderStatus(node: WidgetNode, ctx: WidgetContext): Rendered {
  const status = node.status as { text?: string; icon?: string; favicon?: string } | undefined;
  if (!status?.text) return nothing;
  const favicon = isAllowedImageSrc(status.favicon, ctx.imageDomains) ? status.favicon : undefined;
  return html`<div class="w-status">${favicon ? html`<img class="favicon" src=${favicon} alt="" />` : status.icon ? icon(status.icon) : nothing}<span>${status.text}</span></div>`;
}

/**
 * A root's own `theme` ("light" | "dark", on Card, ListView and Basic) re-colours its subtree,
 * whatever the chat's scheme is: the theme's colour variables on the root, and `{light, dark}`
 * colours below it resolved for that scheme.
 */
function themed(node: WidgetNode, ctx: WidgetContext) {
  const theme = node.theme;
  if ((theme !== "light" && theme !== "dark") || theme === ctx.colorScheme) {
    return { inner: ctx, palette: {} };
  }
  const palette = Object.entries(themeVariables(theme)).filter(
    ([name]) => !/radius|density|font/.test(name),
  );
  return {
    inner: ctx.withColorScheme(theme),
    palette: { ...Object.fromEntries(palette), background: "var(--ck-bg)", color: "var(--ck-fg)" },
  };
}

const card: ComponentRenderer = (node, outer, path) => {
  const confirm = cardActionOf(node.confirm);
  const cancel = cardActionOf(node.cancel);
  const { inner: ctx, palette } = themed(node, outer);
  const style = {
    ...palette,
    ...blockStyle(
      { padding: node.padding ?? 4, background: node.background, border: node.border },
      ctx.colorScheme,
      ctx.imageDomains,
    ),
  };
  const busy = ctx.isDisabled("*");
  const footer =
    confirm || cancel
      ? html`<div class="w-card-actions">
          ${cancel ? html`<button type="button" class="w-button variant-outline color-secondary" ?disabled=${busy} @click=${() => ctx.act(cancel.action, { path: `${path}.cancel`, kind: "click" })}>${cancel.label}</button>` : nothing}
          ${confirm ? html`<button type=${node.asForm ? "submit" : "button"} class="w-button variant-solid color-primary" ?disabled=${busy} @click=${node.asForm ? submitWith(ctx, confirm.action, `${path}.confirm`) : () => ctx.act(confirm.action, { path: `${path}.confirm`, kind: "click" })}>${confirm.label}</button>` : nothing}
        </div>`
      : nothing;
  const body = node.collapsed
    ? nothing
    : html`<div class="w-card-body">${renderChildren(node, ctx, path)}</div>${footer}`;
  const classes = classMap({
    "w-card": true,
    [`size-${str(node.size) ?? "md"}`]: true,
    busy,
    collapsed: !!node.collapsed,
  });
  if (node.asForm) {
    return html`${renderStatus(node, ctx)}<form class=${classes} novalidate style=${styleMap(style)} .ckSubmitAction=${confirm?.action} @submit=${onFormSubmit(ctx, confirm?.action, `${path}.confirm`)}>${body}</form>`;
  }
  return html`${renderStatus(node, ctx)}<div class=${classes} style=${styleMap(style)}>${body}</div>`;
};

const listView: ComponentRenderer = (node, outer, path) => {
  const limit = typeof node.limit === "number" ? node.limit : undefined;
  const items = childrenOf(node).slice(0, limit);
  const { inner: ctx, palette } = themed(node, outer);
  return html`${renderStatus(node, ctx)}<div class="w-list ${ctx.isDisabled("*") ? "busy" : ""}" role="list" style=${styleMap(palette)}>${items.map((child, index) => ctx.render(child, `${path}.${index}`))}</div>`;
};

const listViewItem: ComponentRenderer = (node, ctx, path) => {
  const action = actionOf(node.onClickAction);
  const style: Record<string, string> = {};
  const gap = space(node.gap);
  if (gap) style.gap = gap;
  if (typeof node.align === "string")
    style["align-items"] =
      node.align === "start" || node.align === "end" ? `flex-${node.align}` : node.align;
  if (!action) {
    return html`<div class="w-list-item" role="listitem" style=${styleMap(style)}>${renderChildren(node, ctx, path)}</div>`;
  }
  const disabled = ctx.isDisabled(path) || ctx.isDisabled("*");
  const activate = () => {
    if (!disabled) ctx.act(action, { path, kind: "click" });
  };
  return html`<div
    class="w-list-item interactive ${disabled ? "disabled" : ""}"
    role="listitem button"
    tabindex="0"
    aria-disabled=${disabled ? "true" : "false"}
    style=${styleMap(style)}
    @click=${activate}
    @keydown=${(e: KeyboardEvent) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        activate();
      }
    }}
  >${renderChildren(node, ctx, path)}</div>`;
};

const basic: ComponentRenderer = (node, outer, path) => {
  const { inner: ctx, palette } = themed(node, outer);
  const style = {
    ...palette,
    ...blockStyle(
      {
        gap: node.gap,
        padding: node.padding,
        align: node.align,
        justify: node.justify,
        background: node.background,
      },
      ctx.colorScheme,
      ctx.imageDomains,
    ),
  };
  return html`<div class="w-box dir-${node.direction === "row" ? "row" : "col"}" style=${styleMap(style)}>${renderChildren(node, ctx, path)}</div>`;
};

export const cardRenderers: Record<string, ComponentRenderer> = {
  Card: card,
  ListView: listView,
  ListViewItem: listViewItem,
  Basic: basic,
};

export type { WidgetContext };
