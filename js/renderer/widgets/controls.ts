/** Control family: Button, Select, Checkbox, Input, Textarea, RadioGroup, DatePicker. */
import { html, nothing } from "lit";
import type { ActionConfig, WidgetNode } from "../protocol/types";
import type { ComponentRenderer, WidgetContext } from "./context";
import { actionOf, str } from "./context";
import { collectFormValues, setPath } from "./form-values";
import { icon } from "./icons";

/**
 * A submit button validates and collects its enclosing form itself, so each submit button can
 * carry its own action (Card asForm confirm, Form buttons) without relying on `event.submitter`.
 */
export function submitWith(ctx: WidgetContext, action: ActionConfig | undefined, path: string) {
  return (event: Event) => {
    event.preventDefault();
    const button = event.currentTarget as HTMLButtonElement;
    const form = button.closest("form");
    if (form && !form.reportValidity()) return;
    const fallback = form ? formAction(form) : undefined;
    const chosen = action ?? fallback;
    if (!chosen) return;
    ctx.act(chosen, { path, kind: "submit", values: form ? collectFormValues(form) : {} });
  };
}

/** The action a form submits when its button has none (bound by Form / Card asForm). */
type FormWithAction = HTMLFormElement & { ckSubmitAction?: ActionConfig };
export function formAction(form: HTMLFormElement): ActionConfig | undefined {
  return (form as FormWithAction).ckSubmitAction;
}

function changeWith(
  ctx: WidgetContext,
  node: WidgetNode,
  path: string,
  read: (el: HTMLElement) => unknown,
) {
  const action = actionOf(node.onChangeAction);
  const name = str(node.name);
  if (!action) return undefined;
  return (event: Event) => {
    const values: Record<string, unknown> = {};
    if (name) setPath(values, name, read(event.currentTarget as HTMLElement));
    ctx.act(action, { path, kind: "change", values });
  };
}

const button: ComponentRenderer = (node, ctx, path) => {
  const action = actionOf(node.onClickAction);
  const disabled = !!node.disabled || ctx.isDisabled(path);
  const classes = [
    "w-button",
    `variant-${str(node.variant) ?? (node.style === "secondary" ? "outline" : "solid")}`,
    `color-${str(node.color) ?? "primary"}`,
    `size-${str(node.size) ?? "md"}`,
    node.pill ? "pill" : "",
    node.block ? "block" : "",
    node.uniform ? "uniform" : "",
  ].join(" ");
  const onClick = node.submit
    ? submitWith(ctx, action, path)
    : action
      ? () => ctx.act(action, { path, kind: "click" })
      : undefined;
  return html`<button
    type=${node.submit ? "submit" : "button"}
    class=${classes}
    ?disabled=${disabled}
    @click=${onClick}
  >${node.iconStart ? icon(str(node.iconStart)) : nothing}${str(node.label) ? html`<span>${str(node.label)}</span>` : nothing}${node.iconEnd ? icon(str(node.iconEnd)) : nothing}</button>`;
};

const select: ComponentRenderer = (node, ctx, path) => {
  const options =
    (node.options as { value: string; label: string; disabled?: boolean }[] | undefined) ?? [];
  const defaultValue = str(node.defaultValue);
  return html`<select
    class="w-select ${node.block ? "block" : ""}"
    name=${str(node.name) ?? nothing}
    ?disabled=${!!node.disabled || ctx.isDisabled(path)}
    @change=${changeWith(ctx, node, path, (el) => (el as HTMLSelectElement).value)}
  >
    ${node.placeholder || defaultValue === undefined ? html`<option value="" ?selected=${defaultValue === undefined}>${str(node.placeholder) ?? ""}</option>` : nothing}
    ${options.map(
      (option) =>
        html`<option value=${option.value} ?disabled=${!!option.disabled} ?selected=${option.value === defaultValue}>${option.label}</option>`,
    )}
  </select>`;
};

const checkbox: ComponentRenderer = (node, ctx, path) =>
  html`<label class="w-check"><input
      type="checkbox"
      name=${str(node.name) ?? nothing}
      .defaultChecked=${!!node.defaultChecked}
      ?required=${!!node.required}
      ?disabled=${!!node.disabled || ctx.isDisabled(path)}
      @change=${changeWith(ctx, node, path, (el) => (el as HTMLInputElement).checked)}
    /><span>${str(node.label) ?? ""}</span></label>`;

const INPUT_TYPES = new Set(["number", "email", "text", "password", "tel", "url"]);

const input: ComponentRenderer = (node, ctx, path) => {
  const type = str(node.inputType);
  return html`<input
    class="w-input ${node.pill ? "pill" : ""}"
    type=${type && INPUT_TYPES.has(type) ? type : "text"}
    name=${str(node.name) ?? nothing}
    .defaultValue=${str(node.defaultValue) ?? ""}
    placeholder=${str(node.placeholder) ?? nothing}
    pattern=${str(node.pattern) ?? nothing}
    ?required=${!!node.required}
    ?autofocus=${!!node.autoFocus}
    ?disabled=${!!node.disabled || ctx.isDisabled(path)}
  />`;
};

const textarea: ComponentRenderer = (node, ctx, path) =>
  html`<textarea
    class="w-textarea"
    name=${str(node.name) ?? nothing}
    rows=${typeof node.rows === "number" ? node.rows : 3}
    .defaultValue=${str(node.defaultValue) ?? ""}
    placeholder=${str(node.placeholder) ?? nothing}
    ?required=${!!node.required}
    ?disabled=${!!node.disabled || ctx.isDisabled(path)}
  ></textarea>`;

const radioGroup: ComponentRenderer = (node, ctx, path) => {
  const options =
    (node.options as { value: string; label: string; disabled?: boolean }[] | undefined) ?? [];
  const name = str(node.name) ?? `radio-${ctx.itemId}-${path}`;
  const onChange = changeWith(ctx, node, path, (el) => (el as HTMLInputElement).value);
  return html`<div class="w-radios dir-${node.direction === "row" ? "row" : "col"}" role="radiogroup" aria-label=${str(node.ariaLabel) ?? nothing}>
    ${options.map(
      (option) => html`<label class="w-check"><input
          type="radio"
          name=${name}
          value=${option.value}
          .defaultChecked=${option.value === str(node.defaultValue)}
          ?required=${!!node.required}
          ?disabled=${!!node.disabled || !!option.disabled || ctx.isDisabled(path)}
          @change=${onChange}
        /><span>${option.label}</span></label>`,
    )}
  </div>`;
};

/** Native date input; ISO datetimes from the server are cut to their date part. */
const datePicker: ComponentRenderer = (node, ctx, path) => {
  const day = (value: unknown) => str(value)?.slice(0, 10);
  return html`<input
    class="w-input w-date"
    type="date"
    name=${str(node.name) ?? nothing}
    .defaultValue=${day(node.defaultValue) ?? ""}
    min=${day(node.min) ?? nothing}
    max=${day(node.max) ?? nothing}
    ?disabled=${!!node.disabled || ctx.isDisabled(path)}
    @change=${changeWith(ctx, node, path, (el) => (el as HTMLInputElement).value)}
  />`;
};

export const controlRenderers: Record<string, ComponentRenderer> = {
  Button: button,
  Select: select,
  Checkbox: checkbox,
  Input: input,
  Textarea: textarea,
  RadioGroup: radioGroup,
  DatePicker: datePicker,
};
