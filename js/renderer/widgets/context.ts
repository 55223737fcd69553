/** What every widget component renderer receives besides its node. */
import type { nothing, TemplateResult } from "lit";
import type { Translate } from "../i18n";
import type { ActionConfig, WidgetNode } from "../protocol/types";
import type { ImageDomains } from "../url-safety";

export type ActionKind = "click" | "submit" | "change";

export interface ActionRequest {
  /** Path of the control in the widget tree ("0.2.1"); used to disable just that control. */
  path: string;
  kind: ActionKind;
  /** Form field values (submit) or the changed control's value (change), keyed by name. */
  values?: Record<string, unknown>;
}

export type Rendered = TemplateResult | typeof nothing;

export interface WidgetContext {
  itemId: string;
  colorScheme: "light" | "dark";
  t: Translate;
  /** The thread's `allowed_image_domains`; images from other hosts become placeholders. */
  imageDomains?: ImageDomains;
  render(node: WidgetNode, path: string): Rendered;
  isDisabled(path: string): boolean;
  act(action: ActionConfig, request: ActionRequest): void;
  /** Sanitised HTML for a Markdown string. */
  markdown(source: string): string;
  /** This context for a subtree drawn in another scheme (a Card, ListView or Basic `theme`). */
  withColorScheme(scheme: "light" | "dark"): WidgetContext;
}

export type ComponentRenderer = (node: WidgetNode, ctx: WidgetContext, path: string) => Rendered;

export function childrenOf(node: WidgetNode): WidgetNode[] {
  const { children } = node;
  if (!children) return [];
  return Array.isArray(children) ? children : [children];
}

export function renderChildren(node: WidgetNode, ctx: WidgetContext, path: string): Rendered[] {
  return childrenOf(node).map((child, index) => ctx.render(child, `${path}.${index}`));
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

export function actionOf(value: unknown): ActionConfig | undefined {
  return value && typeof value === "object" && typeof (value as ActionConfig).type === "string"
    ? (value as ActionConfig)
    : undefined;
}
