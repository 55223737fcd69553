/** Header: title, custom left/right actions, history toggle and new-thread button. */
import { html, nothing } from "lit";
import { icon } from "../widgets/icons";
import type { ViewContext } from "./context";

export function renderHeader(ctx: ViewContext) {
  const header = ctx.options.header;
  if (header?.enabled === false) return nothing;
  const { controller, t } = ctx;
  const titleText =
    header?.title?.enabled === false
      ? ""
      : (header?.title?.text ?? controller.thread.thread?.title ?? "");
  const historyEnabled = ctx.options.history?.enabled !== false;
  const busy = controller.responding || controller.loadingThread;
  const left = header?.leftAction;
  const right = header?.rightAction;
  return html`<header part="header" data-testid="header">
    ${left ? html`<button class="icon-btn" data-testid="header-left" aria-label=${left.icon} @click=${() => left.onClick()}>${icon(left.icon)}</button>` : nothing}
    ${
      historyEnabled
        ? html`<button
          class="icon-btn history-toggle ${controller.history.open ? "active" : ""}"
          data-testid="history-toggle"
          aria-label=${controller.history.open ? t("closeHistory") : t("history")}
          title=${t("history")}
          aria-pressed=${controller.history.open ? "true" : "false"}
          @click=${() => ctx.run(() => (controller.history.open ? controller.history.hide() : controller.history.show()))}
        >${icon("history")}</button>`
        : nothing
    }
    <div class="title" data-testid="header-title">${titleText}</div>
    <button
      class="icon-btn new-thread"
      data-testid="new-thread"
      aria-label=${t("newThread")}
      title=${t("newThread")}
      ?disabled=${busy}
      @click=${() =>
        ctx.run(async () => {
          controller.history.hide();
          await controller.threads.open(null);
        })}
    >${icon("compose")}</button>
    ${right ? html`<button class="icon-btn" data-testid="header-right" aria-label=${right.icon} @click=${() => right.onClick()}>${icon(right.icon)}</button>` : nothing}
  </header>`;
}
