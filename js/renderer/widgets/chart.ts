/** Chart: a small inline-SVG renderer for bar, line and area series (no chart library). */
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
}

const WIDTH = 400;
const HEIGHT = 200;
const PALETTE = ["#3b82f6", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#14b8a6"];

function numberAt(row: Record<string, unknown>, key: string): number {
  const value = Number(row[key]);
  return Number.isFinite(value) ? value : 0;
}

const chart: ComponentRenderer = (node, ctx) => {
  const data = Array.isArray(node.data) ? (node.data as Record<string, unknown>[]) : [];
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
  const values = data.flatMap((row) => series.map((s) => numberAt(row, s.dataKey)));
  const max = Math.max(0, ...values) || 1;
  const min = Math.min(0, ...values);
  const y = (v: number) => 8 + plotH - ((v - min) / (max - min || 1)) * plotH;
  const slot = data.length ? plotW / data.length : plotW;
  const xCenter = (i: number) => left + slot * i + slot / 2;
  const colorOf = (s: Series, i: number) =>
    color(s.color, ctx.colorScheme) ?? PALETTE[i % PALETTE.length] ?? "currentColor";
  const bars = series.filter((s) => s.type === "bar");
  const barWidth = (slot * 0.8) / Math.max(1, bars.length);

  const shapes = series.map((s, si) => {
    const c = colorOf(s, si);
    if (s.type === "bar") {
      const bi = bars.indexOf(s);
      return data.map((row, i) => {
        const v = numberAt(row, s.dataKey);
        const top = Math.min(y(v), y(0));
        return svg`<rect class="bar" x=${left + slot * i + slot * 0.1 + bi * barWidth} y=${top} width=${Math.max(1, barWidth - 1)} height=${Math.abs(y(0) - y(v))} fill=${c}><title>${s.label ?? s.dataKey}: ${v}</title></rect>`;
      });
    }
    const points = data.map((row, i) => `${xCenter(i)},${y(numberAt(row, s.dataKey))}`).join(" ");
    if (s.type === "area" && data.length) {
      const area = `M${xCenter(0)},${y(0)} L${points.replaceAll(" ", " L")} L${xCenter(data.length - 1)},${y(0)} Z`;
      return svg`<path class="area" d=${area} fill=${c} fill-opacity="0.25" stroke=${c} stroke-width="2"></path>`;
    }
    return svg`<polyline class="line" points=${points} fill="none" stroke=${c} stroke-width="2"></polyline>`;
  });

  const xLabels =
    axis.hide || !axis.dataKey
      ? nothing
      : data.map((row, i) => {
          const raw = str(row[axis.dataKey as string]) ?? "";
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

  return html`<figure class="w-chart" style=${styleMap(blockStyle(node, ctx.colorScheme))}>
    <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" preserveAspectRatio="none">
      <line x1=${left} y1=${y(0)} x2=${WIDTH - 8} y2=${y(0)} class="baseline"></line>
      ${shapes}${xLabels}${yLabels}
    </svg>${legend}
  </figure>`;
};

export const chartRenderers: Record<string, ComponentRenderer> = { Chart: chart };
