/** Control family: Button, Select, Checkbox, Input, Textarea, RadioGroup, DatePicker. */
import { html, nothing } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import type { ActionConfig, WidgetNode } from "../protocol/types";
import type { ComponentRenderer, WidgetContext } from "./context";
import { actionOf, str } from "./context";
import { collectFormValues, setPath } from "./form-values";
import { icon } from "./icons";
import { iconSize, oneOf } from "./style-props";

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

const BUTTON_COLORS = new Set([
  "primary",
  "secondary",
  "info",
  "discovery",
  "success",
  "caution",
  "warning",
  "danger",
]);
const VARIANTS = new Set(["solid", "soft", "outline", "ghost"]);
const SIZES = new Set(["3xs", "2xs", "xs", "sm", "md", "lg", "xl", "2xl", "3xl"]);

const button: ComponentRenderer = (node, ctx, path) => {
  const action = actionOf(node.onClickAction);
  const disabled = !!node.disabled || ctx.isDisabled(path);
  const classes = [
    "w-button",
    `variant-${oneOf(VARIANTS, node.variant, node.style === "secondary" ? "outline" : "solid")}`,
    `color-${oneOf(BUTTON_COLORS, node.color, node.style === "secondary" ? "secondary" : "primary")}`,
    `size-${oneOf(SIZES, node.size, "md")}`,
    node.pill ? "pill" : "",
    node.block ? "block" : "",
    node.uniform ? "uniform" : "",
  ].join(" ");
  const glyph = iconSize(node.iconSize) ?? "1em";
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
  >${node.iconStart ? icon(str(node.iconStart), glyph) : nothing}${str(node.label) ? html`<span>${str(node.label)}</span>` : nothing}${node.iconEnd ? icon(str(node.iconEnd), glyph) : nothing}</button>`;
};

/** The control inside a wrapper with a search field and/or a clear button. */
function controlIn(event: Event, selector: string): HTMLInputElement | HTMLSelectElement | null {
  const wrap = (event.currentTarget as Element).closest(".w-control-wrap");
  return wrap?.querySelector<HTMLInputElement | HTMLSelectElement>(selector) ?? null;
}

/** Clears the control and tells the widget, as a user's own change would. */
function clearButton(ctx: WidgetContext, selector: string, disabled: boolean) {
  const clear = (event: Event) => {
    const control = controlIn(event, selector);
    if (!control || control.value === "") return;
    control.value = "";
    control.dispatchEvent(new Event("change", { bubbles: true }));
  };
  return html`<button type="button" class="icon-btn w-clear" data-testid="widget-clear" aria-label=${ctx.t("clear")} title=${ctx.t("clear")} ?disabled=${disabled} @click=${clear}>${icon("close", "12px")}</button>`;
}

/** Hides the options whose label does not contain the typed text (the select keeps its value). */
function filterOptions(event: Event): void {
  const select = controlIn(event, "select") as HTMLSelectElement | null;
  const query = (event.currentTarget as HTMLInputElement).value.trim().toLowerCase();
  for (const option of select?.options ?? []) {
    const label = (option.textContent ?? "").toLowerCase();
    option.hidden = !!query && !!option.value && !label.includes(query);
  }
}

/** More options than this get a search field unless `searchable` says otherwise (ChatKit's rule). */
const SEARCH_THRESHOLD = 15;

const select: ComponentRenderer = (node, ctx, path) => {
  const options = (
    Array.isArray(node.options)
      ? (node.options as {
          value: string;
          label: string;
          disabled?: boolean;
          description?: string;
        }[])
      : []
  ).filter((option) => option && typeof option === "object");
  const defaultValue = str(node.defaultValue);
  const disabled = !!node.disabled || ctx.isDisabled(path);
  const searchable =
    typeof node.searchable === "boolean" ? node.searchable : options.length > SEARCH_THRESHOLD;
  const clearable = node.clearable === true;
  const empty = node.placeholder || defaultValue === undefined || clearable;
  const control = html`<select
    class="w-select ${node.block ? "block" : ""}"
    name=${str(node.name) ?? nothing}
    ?disabled=${disabled}
    @change=${changeWith(ctx, node, path, (el) => (el as HTMLSelectElement).value)}
  >
    ${empty ? html`<option value="" ?selected=${defaultValue === undefined}>${str(node.placeholder) ?? ""}</option>` : nothing}
    ${options.map(
      (option) =>
        html`<option value=${str(option.value) ?? ""} title=${str(option.description) ?? nothing} ?disabled=${!!option.disabled} ?selected=${option.value === defaultValue}>${str(option.label) ?? ""}</option>`,
    )}
  </select>`;
  if (!searchable && !clearable) return control;
  return html`<span class="w-control-wrap ${node.block ? "block" : ""}">${
    searchable
      ? html`<input type="search" class="w-input w-select-search" data-testid="select-search" placeholder=${ctx.t("search")} aria-label=${ctx.t("search")} ?disabled=${disabled} @input=${filterOptions} />`
      : nothing
  }${control}${clearable ? clearButton(ctx, "select", disabled) : nothing}</span>`;
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

/** Grows with its text (`autoResize`) up to `maxRows`: CSS `field-sizing` where supported. */
function growTextarea(event: Event): void {
  if (globalThis.CSS?.supports?.("field-sizing", "content")) return;
  const area = event.currentTarget as HTMLTextAreaElement;
  area.style.height = "auto";
  area.style.height = `${area.scrollHeight}px`;
}

const textarea: ComponentRenderer = (node, ctx, path) => {
  const rows = typeof node.rows === "number" ? node.rows : 3;
  const autoResize = node.autoResize === true;
  const maxRows = typeof node.maxRows === "number" && node.maxRows > 0 ? node.maxRows : undefined;
  const lines = (count: number) => `calc(${count * 1.5}em + 0.7em + 2px)`;
  const style: Record<string, string> = autoResize
    ? { "field-sizing": "content", "min-height": lines(rows), "overflow-y": "auto" }
    : {};
  if (autoResize && maxRows) style["max-height"] = lines(Math.max(maxRows, 1));
  return html`<textarea
    class="w-textarea ${autoResize ? "auto-resize" : ""}"
    name=${str(node.name) ?? nothing}
    rows=${rows}
    style=${styleMap(style)}
    .defaultValue=${str(node.defaultValue) ?? ""}
    placeholder=${str(node.placeholder) ?? nothing}
    ?required=${!!node.required}
    ?disabled=${!!node.disabled || ctx.isDisabled(path)}
    @input=${autoResize ? growTextarea : nothing}
  ></textarea>`;
};

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
  const disabled = !!node.disabled || ctx.isDisabled(path);
  const control = html`<input
    class="w-input w-date"
    type="date"
    name=${str(node.name) ?? nothing}
    .defaultValue=${day(node.defaultValue) ?? ""}
    min=${day(node.min) ?? nothing}
    max=${day(node.max) ?? nothing}
    ?disabled=${disabled}
    @change=${changeWith(ctx, node, path, (el) => (el as HTMLInputElement).value)}
  />`;
  if (node.clearable !== true) return control;
  return html`<span class="w-control-wrap ${node.block ? "block" : ""}">${control}${clearButton(ctx, "input[type=date]", disabled)}</span>`;
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
