// A <select> whose choices may be numbers or "" (the key left out, ChatKit's default).

import { html, type TemplateResult } from "lit";

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
