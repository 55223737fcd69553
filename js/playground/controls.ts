// One control of the panel, drawn from its spec. Every input reports `edit(value, final)`:
// `final` is false while a drag or a run of typing goes on, true when it ends.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import { selectInput, textField } from "./inputs";
import { renderList, renderMapping } from "./lists";
import type { ControlSpec } from "./types";
import { pickerHex } from "./values";

export interface ControlContext {
  /** What the control shows: the user's unconfirmed entry, else the chat's value or default. */
  value(control: ControlSpec): unknown;
  edit(control: ControlSpec, value: unknown, final: boolean, display?: unknown): void;
  error(id: string): string | undefined;
}

type InputEvent = Event & { target: HTMLInputElement };

export function renderControl(control: ControlSpec, ctx: ControlContext): TemplateResult {
  const error = ctx.error(control.id);
  const wide = control.kind === "list" || control.kind === "mapping" || control.kind === "textarea";
  return html`<div
    class="control kind-${control.kind} ${wide ? "wide" : ""} ${error ? "invalid" : ""}"
    data-control=${control.id}
  >
    <span class="label">${control.label}</span>
    <div class="input">${renderInput(control, ctx)}</div>
    ${control.help ? html`<div class="help">${control.help}</div>` : nothing}
    ${error ? html`<div class="error" role="alert" data-testid="control-error">${error}</div>` : nothing}
  </div>`;
}

function renderInput(control: ControlSpec, ctx: ControlContext): TemplateResult {
  const value = ctx.value(control);
  const edit = (next: unknown, final: boolean, display?: unknown) =>
    ctx.edit(control, next, final, display);
  switch (control.kind) {
    case "segmented":
      return html`<div class="segmented" role="radiogroup" aria-label=${control.label}>
        ${(control.choices ?? []).map(
          (choice) => html`<button
            type="button"
            role="radio"
            aria-checked=${choice === value ? "true" : "false"}
            class=${choice === value ? "on" : ""}
            @click=${() => edit(choice, true)}
          >${choice}</button>`,
        )}
      </div>`;
    case "select":
      return selectInput(control.label, control.choices ?? [], value, (next) => edit(next, true));
    case "toggle":
    case "present":
      return html`<label class="switch">
        <input
          type="checkbox"
          role="switch"
          aria-label=${control.label}
          .checked=${live(Boolean(value))}
          @change=${(event: InputEvent) => edit(event.target.checked, true)}
        /><span class="track"></span>
      </label>`;
    case "color":
      return colorInput(control, value, edit);
    case "slider":
      return html`<div class="slider">
        <input
          type="range"
          aria-label=${control.label}
          min=${control.min ?? 0}
          max=${control.max ?? 100}
          step=${control.step ?? 1}
          .value=${live(String(value ?? control.default ?? 0))}
          @input=${(event: InputEvent) => edit(Number(event.target.value), false)}
          @change=${(event: InputEvent) => edit(Number(event.target.value), true)}
        /><output>${value}</output>
      </div>`;
    case "number":
      return numberInput(control, value, edit);
    case "text":
      return textInput(control, value, edit);
    case "textarea":
      return html`<textarea
        aria-label=${control.label}
        rows="3"
        placeholder=${control.placeholder ?? ""}
        .value=${live(String(value ?? ""))}
        @input=${(event: InputEvent) => edit(event.target.value, false)}
        @change=${(event: InputEvent) => edit(event.target.value, true)}
      ></textarea>`;
    case "list":
      return renderList(control, value, edit, ctx.error(control.id));
    case "mapping":
      return renderMapping(control, value, edit);
  }
}

function colorInput(
  control: ControlSpec,
  value: unknown,
  edit: (value: unknown, final: boolean) => void,
): TemplateResult {
  const hex = pickerHex(value) ?? pickerHex(control.default) ?? "#000000";
  const onInput = (final: boolean) => (event: InputEvent) => edit(event.target.value, final);
  return html`<div class="color">
    <input
      type="color"
      aria-label=${control.label}
      .value=${live(hex)}
      @input=${onInput(false)}
      @change=${onInput(true)}
    />
    <input
      type="text"
      class="code"
      spellcheck="false"
      aria-label="${control.label} (CSS colour)"
      .value=${live(String(value ?? ""))}
      @input=${onInput(false)}
      @change=${onInput(true)}
    />
  </div>`;
}

function numberInput(
  control: ControlSpec,
  value: unknown,
  edit: (value: unknown, final: boolean, display?: unknown) => void,
): TemplateResult {
  const scale = control.scale ?? 1;
  if (value !== undefined && typeof value !== "number" && typeof value !== "string") {
    return html`<span class="note">set per file type, in Python</span>`;
  }
  const shown = typeof value === "number" ? String(value / scale) : (value ?? "");
  const parse = (raw: string) => (raw.trim() === "" ? null : Math.round(Number(raw) * scale));
  const onInput = (final: boolean) => (event: InputEvent) =>
    edit(parse(event.target.value), final, event.target.value);
  return html`<input
    type="number"
    aria-label=${control.label}
    min=${control.min ?? 0}
    step="any"
    .value=${live(shown)}
    @input=${onInput(false)}
    @change=${onInput(true)}
  />`;
}

function textInput(
  control: ControlSpec,
  value: unknown,
  edit: (value: unknown, final: boolean) => void,
): TemplateResult {
  const listId = control.suggestions ? `${control.id}-suggestions` : undefined;
  return html`${textField(control.label, value, edit, control.placeholder, listId)}${
    listId
      ? html`<datalist id=${listId}>${control.suggestions?.map((s) => html`<option value=${s}></option>`)}</datalist>`
      : nothing
  }`;
}
