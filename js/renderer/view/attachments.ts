/** Composer attachments: the file picker button and the previews of picked files. */
import { html, nothing } from "lit";
import { icon } from "../widgets/icons";
import type { ViewContext } from "./context";

/** `composer.attachments.accept` ({mime: [extensions]}) → an `<input accept>` list. */
export function acceptList(accept: Record<string, string[]> | undefined): string | undefined {
  if (!accept) return undefined;
  return Object.entries(accept)
    .flatMap(([mime, extensions]) => [mime, ...extensions])
    .join(",");
}

export function renderAttachmentButton(ctx: ViewContext, disabled: boolean) {
  const config = ctx.options.composer?.attachments;
  if (!config?.enabled) return nothing;
  const { controller, t } = ctx;
  const full = controller.attachments.items.length >= (config.maxCount ?? 10);
  const onChange = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = "";
    if (files.length) ctx.run(() => controller.attachments.add(files));
  };
  return html`<input
      type="file"
      class="visually-hidden"
      data-testid="composer-file-input"
      tabindex="-1"
      aria-hidden="true"
      ?multiple=${(config.maxCount ?? 10) > 1}
      accept=${acceptList(config.accept) ?? nothing}
      @change=${onChange}
    /><button
      type="button"
      class="icon-btn attach-btn"
      data-testid="composer-attach"
      aria-label=${t("attach")}
      title=${t("attach")}
      ?disabled=${disabled || full}
      @click=${(event: Event) =>
        (event.currentTarget as Element).parentElement
          ?.querySelector<HTMLInputElement>("input[type=file]")
          ?.click()}
    >${icon("paperclip")}</button>`;
}

export function renderComposerAttachments(ctx: ViewContext) {
  const { controller, t } = ctx;
  if (!controller.attachments.items.length) return nothing;
  return html`<ul class="composer-attachments" data-testid="composer-attachments">
    ${controller.attachments.items.map(
      (
        entry,
      ) => html`<li class="composer-attachment ${entry.status}" data-testid="composer-attachment" data-status=${entry.status} title=${entry.error === "too-large" ? t("fileTooLarge", { name: entry.name }) : (entry.error ?? entry.name)}>
        ${entry.previewUrl ? html`<img src=${entry.previewUrl} alt="" />` : icon("document")}
        <span class="name">${entry.name}</span>
        ${entry.status === "uploading" ? html`<span class="spinner" aria-label=${t("uploading")}></span>` : nothing}
        ${entry.status === "error" ? icon("info") : nothing}
        <button type="button" class="icon-btn remove" data-testid="composer-attachment-remove" aria-label=${t("removeAttachment", { name: entry.name })} @click=${() => controller.attachments.remove(entry.localId)}>${icon("close", "12px")}</button>
      </li>`,
    )}
  </ul>`;
}
