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
  return html`<header>
    ${left ? html`<button class="icon-btn" aria-label=${left.icon} @click=${() => left.onClick()}>${icon(headerIcon(left.icon))}</button>` : nothing}
    ${
      historyEnabled
        ? html`<button
          class="icon-btn history-toggle ${controller.history.open ? "active" : ""}"
          aria-label=${controller.history.open ? t("closeHistory") : t("history")}
          title=${t("history")}
          aria-pressed=${controller.history.open ? "true" : "false"}
          @click=${() => ctx.run(() => (controller.history.open ? controller.hideHistory() : controller.showHistory()))}
        >${icon("history")}</button>`
        : nothing
    }
    <div class="title">${titleText}</div>
    <button
      class="icon-btn new-thread"
      aria-label=${t("newThread")}
      title=${t("newThread")}
      ?disabled=${busy}
      @click=${() =>
        ctx.run(async () => {
          controller.hideHistory();
          await controller.setThreadId(null);
        })}
    >${icon("compose")}</button>
    ${right ? html`<button class="icon-btn" aria-label=${right.icon} @click=${() => right.onClick()}>${icon(headerIcon(right.icon))}</button>` : nothing}
  </header>`;
}

/** Header icons share names only partly with our bundled set; map the common ones. */
function headerIcon(name: string): string {
  if (name.includes("history")) return "history";
  if (name.includes("compose")) return "compose";
  if (name === "close") return "close";
  if (name.includes("star")) return name.includes("filled") ? "star-filled" : "star";
  if (name.includes("chevron-left") || name.includes("back")) return "chevron-left";
  return name;
}
