/** Renders a widget tree into a plain container with a recording context. */
import "./happy-dom-shims";
import { render } from "lit";
import { translator } from "../../../js/renderer/i18n";
import { markdownToSafeHtml } from "../../../js/renderer/markdown";
import type { ActionConfig, WidgetRootWire } from "../../../js/renderer/protocol/types";
import type { ActionRequest } from "../../../js/renderer/widgets/context";
import { renderWidget, type WidgetContextInit } from "../../../js/renderer/widgets/render";

export function renderTree(
  root: unknown,
  busy: string | null = null,
  extra: Partial<WidgetContextInit> = {},
) {
  const actions: { action: ActionConfig; request: ActionRequest }[] = [];
  const container = document.createElement("div");
  document.body.append(container);
  render(
    renderWidget(root as WidgetRootWire, {
      itemId: "msg_w",
      colorScheme: "light",
      t: translator("en"),
      isDisabled: (path) => busy !== null && (busy === "*" || busy === path),
      act: (action, request) => actions.push({ action, request }),
      markdown: (source) => markdownToSafeHtml(source),
      ...extra,
    }),
    container,
  );
  const $ = <T extends Element = HTMLElement>(selector: string) =>
    container.querySelector<T>(selector) as T;
  const $$ = (selector: string) => [...container.querySelectorAll<HTMLElement>(selector)];
  return { container, actions, $, $$ };
}

export const card = (children: unknown[], extra: Record<string, unknown> = {}) => ({
  type: "Card",
  children,
  ...extra,
});
