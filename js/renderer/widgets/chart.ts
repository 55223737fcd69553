/**
 * Chart: a small inline-SVG renderer for bar, line and area series (no chart library). Bar and
 * area series with the same `stack` id stack (positive and negative values separately, as in
 * ChatKit); series colours take chart tokens (`blue`, `purple`...), palette tokens or CSS colours.
 */
import { html, nothing, svg } from "lit";
import { styleMap } from "lit/directives/style-map.js";
import { own } from "../own";
import type { ComponentRenderer } from "./context";
import { str } from "./context";
import { blockStyle, color } from "./style-props";

interface Series {
  type: "bar" | "line" | "area";
  dataKey: string;
  label?: string;
  color?: unknown;
  stack?: string;
}

const WIDTH = 400;
const HEIGHT = 200;
const DEFAULT_COLORS = ["blue", "green", "orange", "red", "purple", "pink", "yellow"].map(
  (name) => `var(--ck-chart-${name})`,
);

function numberAt(row: Record<string, unknown>, key: string): number {
  const value = Number(Object.hasOwn(row, key) ? row[key] : undefined);
  return Number.isFinite(value) ? value : 0;
}

/** Where each series' value sits per row: from `low` to `high` (a stack's running total). */
function extents(series: Series[], data: Record<string, unknown>[]) {
  const totals = new Map<string, { positive: number[]; negative: number[] }>();
  return series.map((s) => {
    const stacked = s.type !== "line" && typeof s.stack === "string";
    const key = `${s.type}\u0000${s.stack}`;
    const total = totals.get(key) ?? {
      positive: data.map(() => 0),
      negative: data.map(() => 0),
    };
    if (stacked) totals.set(key, total);
    return data.map((row, i) => {
      const value = numberAt(row, s.dataKey);
      if (!stacked) return { low: 0, high: value, value };
      const side = value >= 0 ? total.positive : total.negative;
      const low = side[i] ?? 0;
      side[i] = low + value;
      return { low, high: low + value, value };
    });
  });
}

const chart: ComponentRenderer = (node, ctx) => {
  const data = (Array.isArray(node.data) ? node.data : []).filter(
    (row): row is Record<string, unknown> => !!row && typeof row === "object",
  );
  const series = (Array.isArray(node.series) ? (node.series as Series[]) : []).filter(
    (s) => typeof s?.dataKey === "string",
  );
  const axis =
    typeof node.xAxis === "string"
      ? { dataKey: node.xAxis }
      : ((node.xAxis ?? {}) as {
          dataKey?: string;
          hide?: boolean;
          labels?: Record<string, string>;
        });
  const showYAxis = node.showYAxis !== false;
  const left = showYAxis ? 36 : 8;
  const bottom = axis.hide ? 8 : 24;
  const plotW = WIDTH - left - 8;
  const plotH = HEIGHT - bottom - 8;
  const spans = extents(series, data);
  const values = spans.flatMap((rows) => rows.flatMap(({ low, high }) => [low, high]));
  const max = Math.max(0, ...values) || 1;
  const min = Math.min(0, ...values);
  const y = (v: number) => 8 + plotH - ((v - min) / (max - min || 1)) * plotH;
  const slot = data.length ? plotW / data.length : plotW;
  const xCenter = (i: number) => left + slot * i + slot / 2;
  const colorOf = (s: Series, i: number) =>
    color(s.color, ctx.colorScheme, "chart") ?? DEFAULT_COLORS[i % DEFAULT_COLORS.length];
  // One bar column per unstacked bar series and per bar stack.
  const columns: string[] = [];
  const columnOf = series.map((s, si) => {
    if (s.type !== "bar") return -1;
    const key = typeof s.stack === "string" ? `stack\u0000${s.stack}` : `series\u0000${si}`;
    if (!columns.includes(key)) columns.push(key);
    return columns.indexOf(key);
  });
  const barWidth = (slot * 0.8) / Math.max(1, columns.length);

  const shapes = series.map((s, si) => {
    const paint = colorOf(s, si);
    const rows = spans[si] ?? [];
    if (s.type === "bar") {
      const column = columnOf[si] ?? 0;
      return rows.map(({ low, high, value }, i) => {
        const top = Math.min(y(high), y(low));
        return svg`<rect class="bar" x=${left + slot * i + slot * 0.1 + column * barWidth} y=${top} width=${Math.max(1, barWidth - 1)} height=${Math.abs(y(low) - y(high))} style=${styleMap({ fill: paint })}><title>${s.label ?? s.dataKey}: ${value}</title></rect>`;
      });
    }
    const tops = rows.map(({ high }, i) => `${xCenter(i)},${y(high)}`);
    if (s.type === "area" && rows.length) {
      const floor = rows.map(({ low }, i) => `${xCenter(i)},${y(low)}`).reverse();
      const area = `M${[...tops, ...floor].join(" L")} Z`;
      return svg`<path class="area" d=${area} style=${styleMap({ fill: paint, stroke: paint })} fill-opacity="0.25" stroke-width="2"></path>`;
    }
    return svg`<polyline class="line" points=${tops.join(" ")} fill="none" style=${styleMap({ stroke: paint })} stroke-width="2"></polyline>`;
  });

  const xLabels =
    axis.hide || !axis.dataKey
      ? nothing
      : data.map((row, i) => {
          const raw = str(own(row, axis.dataKey)) ?? "";
          return svg`<text x=${xCenter(i)} y=${HEIGHT - 6} text-anchor="middle" class="axis">${(axis.labels && own(axis.labels, raw)) ?? raw}</text>`;
        });
  const yLabels = showYAxis
    ? [min, (min + max) / 2, max].map(
        (v) =>
          svg`<text x=${left - 4} y=${y(v) + 4} text-anchor="end" class="axis">${Math.round(v * 100) / 100}</text>`,
      )
    : nothing;
  const legend =
    node.showLegend === false || series.length < 2
      ? nothing
      : html`<div class="w-chart-legend">${series.map((s, i) => html`<span><i style=${styleMap({ background: colorOf(s, i) })}></i>${s.label ?? s.dataKey}</span>`)}</div>`;

  return html`<figure class="w-chart" style=${styleMap(blockStyle(node, ctx.colorScheme, ctx.imageDomains))}>
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" preserveAspectRatio="none">
      <line x1=${left} y1=${y(0)} x2=${WIDTH - 8} y2=${y(0)} class="baseline"></line>
      ${shapes}${xLabels}${yLabels}
    </svg>${legend}
  </figure>`;
};

export const chartRenderers: Record<string, ComponentRenderer> = { Chart: chart };
