/** History panel: threads.list with paging, open, rename (inline) and delete. */
import { html, nothing } from "lit";
import type { ThreadMetadata } from "../protocol/types";
import { icon } from "../widgets/icons";
import type { ViewContext } from "./context";

export function renderHistory(ctx: ViewContext) {
  const { controller, t } = ctx;
  const { history } = controller;
  if (!history.open) return nothing;
  return html`<section class="history" part="history" data-testid="history" aria-label=${t("history")}>
    ${history.threads.length === 0 && !history.loading ? html`<div class="empty">${t("noThreads")}</div>` : nothing}
    <ul>${history.threads.map((thread) => renderRow(thread, ctx))}</ul>
    ${history.loading ? html`<div class="empty">${t("loading")}</div>` : nothing}
    ${
      history.hasMore && !history.loading
        ? html`<button class="pill-btn load-more" data-testid="history-load-more" @click=${() => ctx.run(() => controller.history.loadMore())}>${t("loadMore")}</button>`
        : nothing
    }
  </section>`;
}

function renderRow(thread: ThreadMetadata, ctx: ViewContext) {
  const { controller, t } = ctx;
  const options = ctx.options.history;
  const title = thread.title || t("untitled");
  if (ctx.renamingThreadId === thread.id) {
    const commit = (input: HTMLInputElement) => {
      const value = input.value.trim();
      ctx.setRenaming(null);
      if (value && value !== thread.title)
        ctx.run(() => controller.history.rename(thread.id, value));
    };
    return html`<li><input
      class="rename-input"
      data-testid="history-rename-input"
      aria-label=${t("renamePrompt")}
      .value=${thread.title ?? ""}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === "Enter") commit(event.target as HTMLInputElement);
        if (event.key === "Escape") ctx.setRenaming(null);
      }}
      @blur=${(event: FocusEvent) => commit(event.target as HTMLInputElement)}
    /></li>`;
  }
  return html`<li class=${thread.id === controller.threadId ? "current" : ""} data-thread-id=${thread.id} data-testid="history-thread">
    <button class="open-thread" data-testid="history-open" @click=${() => ctx.run(() => controller.history.openThread(thread.id))}>${title}</button>
    ${
      options?.showRename !== false
        ? html`<button class="icon-btn rename" data-testid="history-rename" aria-label=${t("rename")} title=${t("rename")} @click=${() => ctx.setRenaming(thread.id)}>${icon("write")}</button>`
        : nothing
    }
    ${
      options?.showDelete !== false
        ? html`<button class="icon-btn delete" data-testid="history-delete" aria-label=${t("delete")} title=${t("delete")} @click=${() => ctx.run(() => controller.history.delete(thread.id))}>${icon("trash")}</button>`
        : nothing
    }
  </li>`;
}
