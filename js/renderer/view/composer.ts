/** Composer: textarea (Enter sends, Shift+Enter newline), tool picker, send/stop, disclaimer. */
import { html, nothing } from "lit";
import { live } from "lit/directives/live.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { icon } from "../widgets/icons";
import type { ViewContext } from "./context";
import { cachedMarkdownText } from "./markdown-cache";

export function renderComposer(ctx: ViewContext) {
  const { controller, options, t } = ctx;
  const tools = options.composer?.tools ?? [];
  const selectedTool = tools.find((tool) => tool.id === controller.selectedToolId);
  const placeholder =
    selectedTool?.placeholderOverride ?? options.composer?.placeholder ?? t("placeholder");
  const canStop = controller.responding && controller.thread.allowCancel;
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    ctx.run(() => controller.submitComposer());
  };
  return html`<div class="composer">
    <form class="box" @submit=${(event: Event) => {
      event.preventDefault();
      ctx.run(() => controller.submitComposer());
    }}>
      <label class="visually-hidden" for="composer-input">${placeholder}</label>
      <textarea
        id="composer-input"
        rows="1"
        placeholder=${placeholder}
        .value=${live(controller.composerText)}
        @input=${(event: Event) => {
          controller.composerText = (event.target as HTMLTextAreaElement).value;
        }}
        @keydown=${onKeyDown}
      ></textarea>
      ${
        tools.length
          ? html`<select class="tool-select" aria-label="Tool" @change=${(event: Event) => controller.selectTool((event.target as HTMLSelectElement).value || null)}>
            <option value="" ?selected=${!selectedTool}>—</option>
            ${tools.map((tool) => html`<option value=${tool.id} ?selected=${tool.id === selectedTool?.id}>${tool.shortLabel ?? tool.label}</option>`)}
          </select>`
          : nothing
      }
      ${
        canStop
          ? html`<button type="button" class="stop" aria-label=${t("stop")} title=${t("stop")} @click=${() => controller.stop()}>${icon("stop", "14px")}</button>`
          : html`<button type="submit" class="send" aria-label=${t("send")} title=${t("send")} ?disabled=${controller.responding}>${icon("arrow-up", "16px")}</button>`
      }
    </form>
    ${
      options.disclaimer?.text
        ? html`<div class="disclaimer markdown">${unsafeHTML(cachedMarkdownText(options.disclaimer.text, t("copy")))}</div>`
        : nothing
    }
  </div>`;
}
