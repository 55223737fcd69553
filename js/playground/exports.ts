// The configuration as code: Python, the web component's setOptions({...}) and React's
// useChatKit({...}), one tab each, with a copy button (the Clipboard API).

import { html, type TemplateResult } from "lit";
import type { Snippets } from "./types";

export type ExportFormat = keyof Snippets;

export const FORMATS: Array<[ExportFormat, string]> = [
  ["python", "Python"],
  ["js", "JavaScript"],
  ["react", "React"],
];

export interface ExportState {
  format: ExportFormat;
  copied: ExportFormat | null;
  copyError: string;
}

export function renderExports(
  snippets: Snippets,
  state: ExportState,
  pick: (format: ExportFormat) => void,
  copy: (format: ExportFormat) => void,
): TemplateResult {
  const code = snippets[state.format] ?? "";
  return html`<div class="exports" data-testid="exports">
    <div class="tabs" role="tablist" aria-label="Export as">
      ${FORMATS.map(
        ([format, label]) => html`<button
          type="button"
          role="tab"
          aria-selected=${format === state.format ? "true" : "false"}
          class=${format === state.format ? "on" : ""}
          @click=${() => pick(format)}
        >${label}</button>`,
      )}
      <button
        type="button"
        class="copy"
        data-testid="copy-${state.format}"
        @click=${() => copy(state.format)}
      >${state.copied === state.format ? "Copied ✓" : "Copy"}</button>
    </div>
    <pre class="snippet" data-testid="snippet"><code>${code}</code></pre>
    ${state.copyError ? html`<div class="error" role="alert">${state.copyError}</div>` : ""}
  </div>`;
}

/** Writes `text` to the clipboard; throws if the browser refuses (no permission, no focus). */
export async function copyText(text: string): Promise<void> {
  if (!navigator.clipboard?.writeText) {
    throw new Error("this browser offers no clipboard here: select the code and copy it");
  }
  await navigator.clipboard.writeText(text);
}
