/** Widget tree → lit templates: one registry over every component family. */
import { html, nothing } from "lit";
import { own } from "../own";
import type { WidgetNode, WidgetRootWire } from "../protocol/types";
import { cardRenderers } from "./card";
import { chartRenderers } from "./chart";
import { contentRenderers } from "./content";
import type { ComponentRenderer, Rendered, WidgetContext } from "./context";
import { controlRenderers } from "./controls";
import { layoutRenderers } from "./layout";
import { tableRenderers } from "./table";
import { textRenderers } from "./text";

const registry: Record<string, ComponentRenderer> = {
  ...cardRenderers,
  ...layoutRenderers,
  ...textRenderers,
  ...contentRenderers,
  ...controlRenderers,
  ...tableRenderers,
  ...chartRenderers,
};

export type WidgetContextInit = Omit<WidgetContext, "render" | "withColorScheme">;

export function renderNode(node: WidgetNode, ctx: WidgetContext, path: string): Rendered {
  if (!node || typeof node !== "object") return nothing;
  const renderer = own(registry, node.type);
  // Unknown components degrade to their children so new server widgets stay readable.
  if (!renderer) {
    const children = Array.isArray(node.children)
      ? node.children
      : node.children
        ? [node.children]
        : [];
    return children.length
      ? html`<div class="w-unknown">${children.map((child, index) => ctx.render(child, `${path}.${index}`))}</div>`
      : nothing;
  }
  return renderer(node, ctx, path);
}

/** One widget root; a node that cannot be drawn becomes an inline error, its siblings stay. */
export function renderWidget(root: WidgetRootWire, init: WidgetContextInit): Rendered {
  const ctx = contextOf(init);
  return html`<div class="widget">${ctx.render(root as unknown as WidgetNode, "0")}</div>`;
}

function contextOf(init: WidgetContextInit): WidgetContext {
  const ctx: WidgetContext = {
    ...init,
    render: (node, path) => {
      try {
        return renderNode(node, ctx, path);
      } catch (error) {
        console.warn("[chatkit-notebook] could not render widget node", path, error);
        const message = error instanceof Error ? error.message : String(error);
        return html`<div class="w-error" data-testid="widget-error" role="alert">${ctx.t("itemError", { error: message })}</div>`;
      }
    },
    withColorScheme: (scheme) =>
      scheme === init.colorScheme ? ctx : contextOf({ ...init, colorScheme: scheme }),
  };
  return ctx;
}

export function knownComponents(): string[] {
  return Object.keys(registry);
}
