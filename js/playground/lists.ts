// Editors of lists of dicts (start-screen prompts, composer tools and models, font sources) and of
// `accept` (MIME type -> extensions). A change sends the whole new value; items reorder by
// dragging their grip or with the arrow buttons.

import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import { selectInput, textField } from "./inputs";
import type { ControlSpec } from "./types";
import { itemErrors } from "./values";

type Item = Record<string, unknown>;
type Edit = (value: unknown, final: boolean, display?: unknown) => void;
type InputEvent = Event & { target: HTMLInputElement };

const DRAG_TYPE = "application/x-chatkit-notebook-item";

export function renderList(
  control: ControlSpec,
  value: unknown,
  edit: Edit,
  error: string | undefined,
): TemplateResult {
  const items = Array.isArray(value) ? (value as Item[]) : [];
  const errors = itemErrors(error, control.id);
  const otherErrors = (error ?? "").split("\n").filter((l) => l && !l.startsWith(`${control.id}[`));
  const move = (from: number, to: number) => {
    if (from === to || to < 0 || to >= items.length || !(from in items)) return;
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item as Item);
    edit(next, true);
  };
  const update = (index: number, key: string, fieldValue: unknown, final: boolean) =>
    edit(
      items.map((item, i) => (i === index ? { ...item, [key]: fieldValue } : item)),
      final,
    );
  const fields = control.fields ?? [];
  return html`<ol class="list" aria-label=${control.label}>
      ${items.map(
        (item, index) => html`<li
          class="item ${errors.has(index) ? "invalid" : ""}"
          data-index=${index}
          @dragover=${(event: DragEvent) => {
            if (event.dataTransfer?.types.includes(DRAG_TYPE)) event.preventDefault();
          }}
          @drop=${(event: DragEvent) => {
            const from = event.dataTransfer?.getData(DRAG_TYPE);
            if (!from) return;
            event.preventDefault();
            move(Number(from), index);
          }}
        >
          <div class="item-bar">
            <span
              class="grip"
              draggable="true"
              title="Drag to reorder"
              @dragstart=${(event: DragEvent) => {
                event.dataTransfer?.setData(DRAG_TYPE, String(index));
                if (event.dataTransfer) event.dataTransfer.effectAllowed = "move";
              }}
            >⠿</span>
            <span class="item-title">${itemTitle(item, index)}</span>
            <button type="button" class="icon" aria-label="Move up" ?disabled=${index === 0}
              @click=${() => move(index, index - 1)}>↑</button>
            <button type="button" class="icon" aria-label="Move down"
              ?disabled=${index === items.length - 1} @click=${() => move(index, index + 1)}>↓</button>
            <button type="button" class="icon" aria-label="Remove ${itemTitle(item, index)}"
              @click=${() =>
                edit(
                  items.filter((_, i) => i !== index),
                  true,
                )}>✕</button>
          </div>
          <div class="fields">
            ${fields.map((field) =>
              renderField(field, item[field.id], (v, final) => update(index, field.id, v, final)),
            )}
          </div>
          ${errors.has(index) ? html`<div class="error" role="alert" data-testid="control-error">${errors.get(index)?.join("\n")}</div>` : nothing}
        </li>`,
      )}
    </ol>
    <button
      type="button"
      class="add"
      @click=${() => edit([...items, structuredClone(control.template ?? {})], true)}
    >+ Add</button>
    ${otherErrors.length ? html`<div class="error" role="alert" data-testid="control-error">${otherErrors.join("\n")}</div>` : nothing}`;
}

function itemTitle(item: Item, index: number): string {
  const name = item.label ?? item.family ?? item.id;
  return typeof name === "string" && name ? name : `Item ${index + 1}`;
}

function renderField(
  field: ControlSpec,
  value: unknown,
  change: (value: unknown, final: boolean) => void,
): TemplateResult {
  let input: TemplateResult;
  if (field.kind === "select") {
    input = selectInput(field.label, field.choices ?? [], value ?? "", (v) => change(v, true));
  } else if (field.kind === "toggle") {
    input = html`<input
      type="checkbox"
      aria-label=${field.label}
      .checked=${live(Boolean(value ?? field.default))}
      @change=${(event: InputEvent) => change(event.target.checked, true)}
    />`;
  } else if (value !== undefined && typeof value !== "string" && typeof value !== "number") {
    input = html`<input type="text" aria-label=${field.label} disabled value="(structured: edit in Python)" />`;
  } else {
    input = textField(field.label, value, change, field.placeholder);
  }
  return html`<label class="field ${field.kind}"><span>${field.label}</span>${input}</label>`;
}

type Row = [string, string];

/** `accept`: rows of MIME pattern and extensions ("image/*" → ".png, .jpg"). */
export function renderMapping(control: ControlSpec, value: unknown, edit: Edit): TemplateResult {
  const rows: Row[] = Array.isArray(value)
    ? (value as Row[])
    : Object.entries((value as Record<string, string[]> | undefined) ?? {}).map(
        ([mime, extensions]): Row => [mime, extensions.join(", ")],
      );
  const send = (next: Row[], final: boolean) => edit(toMapping(next), final, next);
  const update = (index: number, column: 0 | 1, text: string, final: boolean) =>
    send(
      rows.map(
        (row, i): Row => (i !== index ? row : column === 0 ? [text, row[1]] : [row[0], text]),
      ),
      final,
    );
  const cell = (index: number, column: 0 | 1, label: string, placeholder: string) =>
    textField(
      label,
      rows[index]?.[column],
      (text, final) => update(index, column, text, final),
      placeholder,
    );
  return html`<div class="mapping" aria-label=${control.label}>
      ${rows.map(
        (_row, index) => html`<div class="row">
          ${cell(index, 0, "MIME type", "image/*")} ${cell(index, 1, "Extensions", ".png, .jpg")}
          <button type="button" class="icon" aria-label="Remove type"
            @click=${() =>
              send(
                rows.filter((_, i) => i !== index),
                true,
              )}>✕</button>
        </div>`,
      )}
    </div>
    <button type="button" class="add" @click=${() => send([...rows, ["image/*", ".png, .jpg"]], true)}>
      + Add type
    </button>`;
}

export function toMapping(rows: Row[]): Record<string, string[]> {
  const mapping: Record<string, string[]> = {};
  for (const [mime, extensions] of rows) {
    if (!mime.trim()) continue;
    mapping[mime.trim()] = extensions.split(/[\s,]+/).filter(Boolean);
  }
  return mapping;
}
