/** Binds a widget item to the widget renderer: actions, loading behaviour, Markdown. */
import type { ActionConfig, WidgetItem } from "../protocol/types";
import type { ActionRequest } from "../widgets/context";
import { mergePayload } from "../widgets/form-values";
import { renderWidget } from "../widgets/render";
import type { ViewContext } from "./context";
import { cachedMarkdownText } from "./markdown-cache";

/**
 * What a running action disables: `self` → the control, `container` → the whole widget,
 * `auto` → the control for clicks/changes and the whole widget for form submits.
 */
export function busyKeyFor(action: ActionConfig, request: ActionRequest): string | null {
  const behavior = action.loadingBehavior ?? "auto";
  if (behavior === "none") return null;
  if (behavior === "container") return "*";
  if (behavior === "self") return request.path;
  return request.kind === "submit" ? "*" : request.path;
}

export function renderWidgetItem(item: WidgetItem, ctx: ViewContext) {
  const { controller } = ctx;
  const busy = controller.widgetBusy?.itemId === item.id ? controller.widgetBusy : null;
  return renderWidget(item.widget, {
    itemId: item.id,
    colorScheme: ctx.colorScheme,
    t: ctx.t,
    imageDomains: ctx.imageDomains,
    isDisabled: (path) => !!busy && (busy.key === "*" || busy.key === path),
    markdown: (source) => cachedMarkdownText(source, ctx.t("copy"), ctx.imageDomains),
    act: (action, request) => {
      const payload = mergePayload(action.payload, request.values);
      const merged: ActionConfig = { ...action, ...(payload ? { payload } : {}) };
      ctx.run(() => controller.runWidgetAction(merged, item, busyKeyFor(action, request)));
    },
  });
}
