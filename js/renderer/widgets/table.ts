/** Table family: Table, Table.Row (header rows use <th>), Table.Cell. */
import { html, nothing } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import { own } from "../own";
import type { ComponentRenderer } from "./context";
import { childrenOf, renderChildren } from "./context";
import { size } from "./style-props";

const table: ComponentRenderer = (node, ctx, path) =>
  html`<div class="w-table-wrap"><table class="w-table"><tbody>${renderChildren(node, ctx, path)}</tbody></table></div>`;

const row: ComponentRenderer = (node, ctx, path) =>
  html`<tr class=${node.header ? "header" : ""}>${childrenOf(node).map((cell, index) =>
    cellTemplate(cell, ctx, `${path}.${index}`, !!node.header),
  )}</tr>`;

const ALIGN: Record<string, string> = { start: "left", center: "center", end: "right" };
const V_ALIGN: Record<string, string> = { start: "top", center: "middle", end: "bottom" };

function cellTemplate(
  cell: Parameters<ComponentRenderer>[0],
  ctx: Parameters<ComponentRenderer>[1],
  path: string,
  header: boolean,
) {
  if (cell.type !== "Table.Cell") return ctx.render(cell, path);
  const style: Record<string, string> = {};
  const width = size(cell.width);
  if (width) style.width = width;
  const align = own(ALIGN, cell.align);
  if (align) style["text-align"] = align;
  const vAlign = own(V_ALIGN, cell.vAlign);
  if (vAlign) style["vertical-align"] = vAlign;
  const colSpan = typeof cell.colSpan === "number" ? cell.colSpan : nothing;
  const rowSpan = typeof cell.rowSpan === "number" ? cell.rowSpan : nothing;
  const content = renderChildren(cell, ctx, path);
  return header
    ? html`<th colspan=${colSpan} rowspan=${rowSpan} style=${styleMap(style)}>${content}</th>`
    : html`<td colspan=${colSpan} rowspan=${rowSpan} style=${styleMap(style)}>${content}</td>`;
}

const cell: ComponentRenderer = (node, ctx, path) => cellTemplate(node, ctx, path, false);

export const tableRenderers: Record<string, ComponentRenderer> = {
  Table: table,
  "Table.Row": row,
  "Table.Cell": cell,
};
