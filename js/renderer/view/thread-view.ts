/** The scrolling message list: items, optimistic user text, progress, notices and errors. */
import { html, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { icon } from "../widgets/icons";
import type { ViewContext } from "./context";
import { renderItem, renderPendingUserMessage } from "./items";
import { cachedMarkdownText } from "./markdown-cache";

export function renderThread(ctx: ViewContext) {
  const { controller, t } = ctx;
  const { thread } = controller;
  const items = thread.items;
  return html`<div class="messages" part="messages" data-testid="messages" role="log" aria-live="polite">
    ${
      controller.olderCursor
        ? html`<button class="pill-btn load-older" @click=${() => ctx.run(() => controller.threads.loadOlder())}>${t("loadOlder")}</button>`
        : nothing
    }
    ${repeat(
      items,
      (item) => item.id,
      (item, index) => renderItem(item, ctx, index === items.length - 1),
    )}
    ${controller.pendingUserText !== null ? renderPendingUserMessage(controller.pendingUserText) : nothing}
    ${
      thread.progress
        ? html`<div class="progress">${thread.progress.icon ? icon(thread.progress.icon) : html`<span class="spinner"></span>`}<span class="text">${thread.progress.text}</span></div>`
        : nothing
    }
    ${thread.notices.map(
      (notice) => html`<div class="notice ${notice.level}" role="status">
        ${notice.title ? html`<strong>${notice.title}</strong>` : nothing}
        <div class="markdown">${unsafeHTML(cachedMarkdownText(notice.message, t("copy"), ctx.imageDomains))}</div>
      </div>`,
    )}
    ${
      thread.error
        ? html`<div class="error" data-testid="thread-error" role="alert">
          ${icon("info")}<span class="message">${thread.error.message || t("errorGeneric")}</span>
          ${
            thread.error.allowRetry
              ? html`<button class="pill-btn retry" data-testid="retry" ?disabled=${controller.responding} @click=${() => ctx.run(() => controller.retry())}>${t("retry")}</button>`
              : nothing
          }
        </div>`
        : nothing
    }
  </div>`;
}
