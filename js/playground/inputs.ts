// Inputs shared by the controls and the list editors.

/** A <select> whose choices may be numbers or "" (the key left out, ChatKit's default). */

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";

export function selectInput(
  label: string,
  choices: Array<string | number>,
  value: unknown,
  change: (value: string | number) => void,
): TemplateResult {
  const current = value ?? "";
  return html`<select
    aria-label=${label}
    @change=${(event: Event) => {
      const picked = (event.target as HTMLSelectElement).selectedIndex;
      const choice = choices[picked];
      if (choice !== undefined) change(choice);
    }}
  >
    ${choices.map(
      (choice) =>
        html`<option .value=${String(choice)} ?selected=${choice === current}>${choice === "" ? "(default)" : choice}</option>`,
    )}
  </select>`;
}

/** A one-line text input reporting each keystroke (`final` false) and the end of typing. */
export function textField(
  label: string,
  value: unknown,
  change: (value: string, final: boolean) => void,
  placeholder = "",
  list?: string,
): TemplateResult {
  const report = (final: boolean) => (event: Event) =>
    change((event.target as HTMLInputElement).value, final);
  return html`<input
    type="text"
    aria-label=${label}
    placeholder=${placeholder}
    list=${list ?? nothing}
    .value=${live(String(value ?? ""))}
    @input=${report(false)}
    @change=${report(true)}
  />`;
}
