// <chatkit-notebook-widget-preview>: one ChatKit widget root rendered on its own, with the builtin
// renderer's widget components, so widgets can be designed in a cell (`chatkit_notebook.show`).

import type { ThemeOption } from "@openai/chatkit";
import { html, LitElement, nothing } from "lit";
import { onAssetsChanged } from "../renderer/assets";
import { translator } from "../renderer/i18n";
import { mathStyles } from "../renderer/math";
import type { ActionConfig, WidgetRootWire } from "../renderer/protocol/types";
import { applyTheme, colorSchemeOf } from "../renderer/theme";
import { cachedMarkdownText } from "../renderer/view/markdown-cache";
import { baseStyles, markdownStyles, widgetStyles } from "../renderer/view/styles";
import { busyKeyFor } from "../renderer/view/widget-item";
import { mergePayload } from "../renderer/widgets/form-values";
import { renderWidget } from "../renderer/widgets/render";

export const PREVIEW_TAG = "chatkit-notebook-widget-preview";

export type PreviewAction = (action: ActionConfig) => Promise<unknown>;

export class WidgetPreviewElement extends LitElement {
  static override styles = [
    baseStyles,
    markdownStyles,
    widgetStyles,
    ...(mathStyles ? [mathStyles] : []),
  ];
  static override properties = {
    root: { attribute: false },
    theme: { attribute: false },
    busy: { state: true },
    error: { state: true },
  };

  declare root: WidgetRootWire | null;
  declare theme: "light" | "dark" | ThemeOption;
  declare busy: string | null;
  declare error: string;
  onAction: PreviewAction = async () => undefined;

  constructor() {
    super();
    this.root = null;
    this.theme = "light";
    this.busy = null;
    this.error = "";
  }

  private stopAssetUpdates: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopAssetUpdates = onAssetsChanged(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopAssetUpdates?.();
    this.stopAssetUpdates = null;
  }

  override willUpdate(): void {
    applyTheme(this, this.theme);
  }

  override render() {
    if (!this.root) return nothing;
    const t = translator("en");
    return html`
      <div class="preview" data-testid="widget-preview">
        ${renderWidget(this.root, {
          itemId: "preview",
          colorScheme: colorSchemeOf(this.theme),
          t,
          isDisabled: (path) => this.busy === "*" || this.busy === path,
          markdown: (source) => cachedMarkdownText(source, t("copy")),
          act: (action, request) => {
            const payload = mergePayload(action.payload, request.values);
            void this.run(
              { ...action, ...(payload ? { payload } : {}) },
              busyKeyFor(action, request),
            );
          },
        })}
        ${this.error ? html`<p class="error" role="alert" data-testid="preview-error">${this.error}</p>` : nothing}
      </div>
    `;
  }

  private async run(action: ActionConfig, busy: string | null): Promise<void> {
    this.busy = busy;
    this.error = "";
    try {
      await this.onAction(action);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    } finally {
      this.busy = null;
    }
  }
}

export function definePreview(): void {
  if (!customElements.get(PREVIEW_TAG)) customElements.define(PREVIEW_TAG, WidgetPreviewElement);
}
