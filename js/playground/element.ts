// <chatkit-notebook-playground>: the playground's control column. It draws the controls the kernel
// declares, shows the chat's configuration, and sends each edit; the kernel validates it, updates
// the chat (every view follows) and syncs back the new state, messages and snippets.

import type { ThemeOption } from "@openai/chatkit";
import { html, LitElement, nothing, type TemplateResult } from "lit";
import { type ControlContext, renderControl } from "./controls";
import { Edits } from "./edits";
import { copyText, type ExportFormat, type ExportState, renderExports } from "./exports";
import { panelStyles } from "./styles";
import type { ControlSpec, PanelFrame, PlaygroundState } from "./types";
import { isShown, pickerHex, shownValue } from "./values";

export const PLAYGROUND_TAG = "chatkit-notebook-playground";

const KEY_EVENTS = ["keydown", "keypress", "keyup"] as const;
const COPIED_MS = 1500;

export const EMPTY_STATE: PlaygroundState = {
  theme: "light",
  options: {},
  follow_jupyter_theme: false,
  errors: {},
  warnings: [],
  snippets: {},
  preset: "",
  can_undo: false,
  applied: 0,
};

export class PlaygroundElement extends LitElement {
  static override styles = [panelStyles];
  static override properties = {
    state: { attribute: false },
    controls: { attribute: false },
    sections: { attribute: false },
    presets: { attribute: false },
    compact: { type: Boolean, reflect: true },
    exportState: { state: true },
  };

  declare state: PlaygroundState;
  declare controls: ControlSpec[];
  declare sections: string[];
  declare presets: Record<string, ThemeOption>;
  declare compact: boolean;
  declare exportState: ExportState;
  private edits: Edits | null = null;
  private send: (frame: PanelFrame) => void = () => undefined;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.state = EMPTY_STATE;
    this.controls = [];
    this.sections = [];
    this.presets = {};
    this.compact = false;
    this.exportState = { format: "python", copied: null, copyError: "" };
  }

  /** Where edits go (the kernel), and how many it has handled so far. */
  connect(send: (frame: PanelFrame) => void, applied: number): void {
    this.send = send;
    this.edits = new Edits(send, applied);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute("data-lm-suppress-shortcuts", "true");
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.copiedTimer);
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    // Keys typed here must not reach the notebook's command shortcuts on the document.
    for (const type of KEY_EVENTS) root.addEventListener(type, (event) => event.stopPropagation());
    return root;
  }

  override willUpdate(): void {
    this.edits?.acknowledge(this.state.applied, this.state.errors);
  }

  override render(): TemplateResult {
    const ctx: ControlContext = {
      value: (control) => {
        const draft = this.edits?.draft(control.id);
        return draft ? draft.display : shownValue(this.state, control);
      },
      edit: (control, value, final, display) => {
        this.edits?.edit(control.id, value, final, display);
        this.requestUpdate();
      },
      error: (id) => this.state.errors[id],
    };
    const general = this.state.errors[""];
    return html`<div class="panel" data-testid="playground-panel">
      ${this.renderToolbar()}
      ${general ? html`<div class="error" role="alert">${general}</div>` : nothing}
      ${this.sections.map((section, index) => {
        const controls = this.controls.filter(
          (c) => c.section === section && isShown(this.state, c),
        );
        return html`<details ?open=${!this.compact || index === 0} data-section=${section}>
          <summary>${section}</summary>
          <div class="controls">${controls.map((control) => renderControl(control, ctx))}</div>
        </details>`;
      })}
      ${
        this.state.warnings.length
          ? html`<div class="warnings" role="status" data-testid="contrast-warnings">
              ${this.state.warnings.map((warning) => html`<p>⚠ ${warning}</p>`)}
            </div>`
          : nothing
      }
      ${renderExports(
        this.state.snippets,
        this.exportState,
        (format) => {
          this.exportState = { ...this.exportState, format, copyError: "" };
        },
        (format) => void this.copy(format),
      )}
    </div>`;
  }

  private renderToolbar(): TemplateResult {
    return html`<div class="toolbar">
      <div class="presets" role="group" aria-label="Presets">
        ${Object.entries(this.presets).map(
          ([name, theme]) => html`<button
            type="button"
            class="preset ${this.state.preset === name ? "on" : ""}"
            aria-pressed=${this.state.preset === name ? "true" : "false"}
            data-preset=${name}
            @click=${() => this.act({ type: "preset", name })}
          ><span class="swatch" style=${swatchStyle(theme)}></span>${name}</button>`,
        )}
      </div>
      <div class="actions">
        <button
          type="button"
          ?disabled=${!this.state.can_undo}
          title="Undo the last change"
          @click=${() => this.act({ type: "undo" })}
        >↶ Undo</button>
        <button type="button" title="Back to the chat's first configuration"
          @click=${() => this.act({ type: "reset" })}>Reset</button>
      </div>
    </div>`;
  }

  /** Undo, reset and presets replace the whole configuration: drafts no longer apply. */
  private act(frame: PanelFrame): void {
    this.edits?.clear();
    this.send(frame);
  }

  private async copy(format: ExportFormat): Promise<void> {
    try {
      await copyText(this.state.snippets[format] ?? "");
      this.exportState = { ...this.exportState, copied: format, copyError: "" };
      clearTimeout(this.copiedTimer);
      this.copiedTimer = setTimeout(() => {
        this.exportState = { ...this.exportState, copied: null };
      }, COPIED_MS);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.exportState = { ...this.exportState, copied: null, copyError: `Not copied: ${reason}` };
    }
  }
}

/** Two halves: the preset's background and its accent (only colours a picker accepts). */
function swatchStyle(theme: ThemeOption): string {
  const option = typeof theme === "object" && theme !== null ? theme : {};
  const dark = option.colorScheme === "dark";
  const background = pickerHex(option.color?.surface?.background) ?? (dark ? "#1d1e21" : "#ffffff");
  const accent = pickerHex(option.color?.accent?.primary) ?? (dark ? "#f2f2f2" : "#0d0d0d");
  return `background: linear-gradient(135deg, ${background} 50%, ${accent} 50%)`;
}

export function definePlayground(): void {
  if (!customElements.get(PLAYGROUND_TAG)) customElements.define(PLAYGROUND_TAG, PlaygroundElement);
}
