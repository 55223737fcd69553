/** Layout family: Box, Row, Col, Form, Spacer, Divider, Transition. */
import { html } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import type { ActionConfig } from "../protocol/types";
import type { ComponentRenderer, WidgetContext } from "./context";
import { actionOf, renderChildren } from "./context";
import { collectFormValues } from "./form-values";
import { blockStyle, color, size, space } from "./style-props";

function box(direction: "row" | "col"): ComponentRenderer {
  return (node, ctx, path) => {
    const dir = node.direction === "row" || node.direction === "col" ? node.direction : direction;
    return html`<div class="w-box dir-${dir}" style=${styleMap(blockStyle(node, ctx.colorScheme, ctx.imageDomains))}>${renderChildren(node, ctx, path)}</div>`;
  };
}

/**
 * Enter in a field submits the form with its own action. Submit buttons handle their click
 * themselves (see controls.ts), so they can carry their own action.
 */
export function onFormSubmit(ctx: WidgetContext, action: ActionConfig | undefined, path: string) {
  return (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    if (!action || !form.reportValidity()) return;
    ctx.act(action, { path, kind: "submit", values: collectFormValues(form) });
  };
}

const form: ComponentRenderer = (node, ctx, path) => {
  const dir = node.direction === "row" ? "row" : "col";
  return html`<form class="w-box w-form dir-${dir}" novalidate .ckSubmitAction=${actionOf(node.onSubmitAction)} style=${styleMap(blockStyle(node, ctx.colorScheme, ctx.imageDomains))} @submit=${onFormSubmit(ctx, actionOf(node.onSubmitAction), path)}>${renderChildren(node, ctx, path)}</form>`;
};

const spacer: ComponentRenderer = (node) =>
  html`<div class="w-spacer" style=${styleMap({ "min-width": space(node.minSize) ?? "0", "min-height": space(node.minSize) ?? "0" })}></div>`;

const divider: ComponentRenderer = (node, ctx) => {
  const style: Record<string, string> = {};
  const c = color(node.color, ctx.colorScheme, "border");
  if (c) style["border-top-color"] = c;
  const width = size(node.size);
  if (width) style["border-top-width"] = width;
  const spacing = space(node.spacing);
  if (spacing) style.margin = `${spacing} 0`;
  return html`<hr class="w-divider ${node.flush ? "flush" : ""}" style=${styleMap(style)} />`;
};

const transition: ComponentRenderer = (node, ctx, path) =>
  html`<div class="w-transition">${renderChildren(node, ctx, path)}</div>`;

export const layoutRenderers: Record<string, ComponentRenderer> = {
  Box: box("col"),
  Row: box("row"),
  Col: box("col"),
  Form: form,
  Spacer: spacer,
  Divider: divider,
  Transition: transition,
};
