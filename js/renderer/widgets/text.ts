/** Text family: Text (incl. streaming and editable), Title, Caption, Markdown, Label. */
import { html, nothing } from "lit";
import { classMap } from "lit/directives/class-map.js";
import { styleMap } from "lit/directives/style-map.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { own } from "../own";
import type { ComponentRenderer } from "./context";
import { str } from "./context";
import { textStyle } from "./style-props";

const TEXT_SIZES: Record<string, string> = {
  xs: "0.75em",
  sm: "0.875em",
  md: "1em",
  lg: "1.125em",
  xl: "1.25em",
};
const TITLE_SIZES: Record<string, string> = {
  sm: "1em",
  md: "1.125em",
  lg: "1.25em",
  xl: "1.5em",
  "2xl": "1.75em",
  "3xl": "2em",
  "4xl": "2.5em",
  "5xl": "3em",
};
const CAPTION_SIZES: Record<string, string> = { sm: "0.75em", md: "0.8125em", lg: "0.875em" };

function sized(
  node: Record<string, unknown>,
  table: Record<string, string>,
  scheme: "light" | "dark",
) {
  const style = textStyle(node, scheme);
  const fontSize = own(table, node.size);
  if (fontSize) style["font-size"] = fontSize;
  return style;
}

const text: ComponentRenderer = (node, ctx, path) => {
  const editable = (node.editable || undefined) as
    | { name?: string; placeholder?: string; required?: boolean; pattern?: string }
    | undefined;
  if (editable?.name) {
    return html`<input
      class="w-input"
      name=${editable.name}
      .defaultValue=${str(node.value) ?? ""}
      placeholder=${editable.placeholder ?? nothing}
      pattern=${editable.pattern ?? nothing}
      ?required=${!!editable.required}
      ?disabled=${ctx.isDisabled(path)}
    />`;
  }
  const style = sized(node, TEXT_SIZES, ctx.colorScheme);
  if (typeof node.minLines === "number") style["min-height"] = `${node.minLines * 1.5}em`;
  return html`<p class=${classMap({ "w-text": true, streaming: !!node.streaming })} style=${styleMap(style)}>${str(node.value) ?? ""}</p>`;
};

const title: ComponentRenderer = (node, ctx) =>
  html`<h3 class="w-title" style=${styleMap(sized(node, TITLE_SIZES, ctx.colorScheme))}>${str(node.value) ?? ""}</h3>`;

const caption: ComponentRenderer = (node, ctx) =>
  html`<p class="w-caption" style=${styleMap(sized(node, CAPTION_SIZES, ctx.colorScheme))}>${str(node.value) ?? ""}</p>`;

const markdown: ComponentRenderer = (node, ctx) =>
  html`<div class=${classMap({ "w-markdown": true, markdown: true, streaming: !!node.streaming })}>${unsafeHTML(ctx.markdown(str(node.value) ?? ""))}</div>`;

const label: ComponentRenderer = (node, ctx) =>
  html`<label class="w-label" for=${str(node.fieldName) ?? nothing} style=${styleMap(sized(node, TEXT_SIZES, ctx.colorScheme))}>${str(node.value) ?? ""}</label>`;

export const textRenderers: Record<string, ComponentRenderer> = {
  Text: text,
  Title: title,
  Caption: caption,
  Markdown: markdown,
  Label: label,
};
