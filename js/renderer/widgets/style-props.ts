/** Converts widget layout/colour props to inline CSS (values go through style.setProperty). */
import { own } from "../own";

type Style = Record<string, string>;

const RADII: Record<string, string> = {
  none: "0",
  "2xs": "2px",
  xs: "4px",
  sm: "6px",
  md: "8px",
  lg: "12px",
  xl: "16px",
  "2xl": "20px",
  "3xl": "24px",
  "4xl": "32px",
  full: "9999px",
  "100%": "100%",
};

const COLOR_TOKENS: Record<string, string> = {
  primary: "var(--ck-fg)",
  secondary: "var(--ck-muted)",
  tertiary: "var(--ck-muted)",
  emphasis: "var(--ck-fg)",
  success: "var(--ck-success)",
  danger: "var(--ck-danger)",
  warning: "var(--ck-warning)",
  caution: "var(--ck-warning)",
  info: "var(--ck-info)",
  discovery: "var(--ck-info)",
  surface: "var(--ck-bg)",
  "surface-secondary": "var(--ck-surface)",
  "surface-tertiary": "var(--ck-surface-2)",
  "surface-elevated": "var(--ck-bg)",
};

/** Numbers are spacing units (0.25rem, scaled by density); strings are CSS lengths. */
export function space(value: unknown): string | undefined {
  if (typeof value === "number") return `calc(${value * 0.25}rem * var(--ck-density, 1))`;
  return typeof value === "string" ? value : undefined;
}

export function size(value: unknown): string | undefined {
  if (typeof value === "number") return `${value}px`;
  return typeof value === "string" ? value : undefined;
}

export function color(value: unknown, scheme: "light" | "dark"): string | undefined {
  if (value && typeof value === "object") {
    return color((value as Record<string, unknown>)[scheme], scheme);
  }
  if (typeof value !== "string") return undefined;
  return own(COLOR_TOKENS, value) ?? value;
}

function spacingBox(value: unknown, prefix: "padding" | "margin", out: Style): void {
  if (value === undefined || value === null) return;
  // Longhands only: shorthands containing var() are fragile in some CSS engines.
  const s = (typeof value === "object" ? value : { x: value, y: value }) as Record<string, unknown>;
  const sides: [string, unknown][] = [
    ["top", s.top ?? s.y],
    ["right", s.right ?? s.x],
    ["bottom", s.bottom ?? s.y],
    ["left", s.left ?? s.x],
  ];
  for (const [side, v] of sides) {
    const css = space(v);
    if (css) out[`${prefix}-${side}`] = css;
  }
}

function borderOf(value: unknown, scheme: "light" | "dark"): string | undefined {
  if (typeof value === "number") return `${value}px solid var(--ck-border)`;
  if (value && typeof value === "object" && "size" in value) {
    const b = value as { size: number; color?: unknown; style?: string };
    return `${b.size}px ${b.style ?? "solid"} ${color(b.color, scheme) ?? "var(--ck-border)"}`;
  }
  return undefined;
}

function border(value: unknown, scheme: "light" | "dark", out: Style): void {
  const all = borderOf(value, scheme);
  if (all) {
    out.border = all;
    return;
  }
  if (!value || typeof value !== "object") return;
  const b = value as Record<string, unknown>;
  for (const [side, v] of [
    ["top", b.top ?? b.y],
    ["right", b.right ?? b.x],
    ["bottom", b.bottom ?? b.y],
    ["left", b.left ?? b.x],
  ] as const) {
    const css = borderOf(v, scheme);
    if (css) out[`border-${side}`] = css;
  }
}

const ALIGN: Record<string, string> = {
  start: "flex-start",
  end: "flex-end",
  center: "center",
  baseline: "baseline",
  stretch: "stretch",
  between: "space-between",
  around: "space-around",
  evenly: "space-evenly",
};

/** Sizing and box props shared by layout components and images (BlockProps + BoxBaseProps). */
export function blockStyle(node: Record<string, unknown>, scheme: "light" | "dark"): Style {
  const out: Style = {};
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) out[name] = value;
  };
  set("height", size(node.height ?? node.size));
  set("width", size(node.width ?? node.size));
  set("min-height", size(node.minHeight ?? node.minSize));
  set("min-width", size(node.minWidth ?? node.minSize));
  set("max-height", size(node.maxHeight ?? node.maxSize));
  set("max-width", size(node.maxWidth ?? node.maxSize));
  set("aspect-ratio", node.aspectRatio === undefined ? undefined : String(node.aspectRatio));
  set("border-radius", own(RADII, node.radius));
  set("flex", node.flex === undefined ? undefined : String(node.flex));
  set("gap", space(node.gap));
  set("background", color(node.background, scheme));
  set("align-items", own(ALIGN, node.align));
  set("justify-content", own(ALIGN, node.justify));
  set("flex-wrap", typeof node.wrap === "string" ? node.wrap : undefined);
  spacingBox(node.padding, "padding", out);
  spacingBox(node.margin, "margin", out);
  border(node.border, scheme, out);
  return out;
}

/** Text colour/weight/alignment/truncation shared by Text, Title, Caption, Label. */
export function textStyle(node: Record<string, unknown>, scheme: "light" | "dark"): Style {
  const out: Style = {};
  const c = color(node.color, scheme);
  if (c) out.color = c;
  const weights: Record<string, string> = {
    normal: "400",
    medium: "500",
    semibold: "600",
    bold: "700",
  };
  const weight = own(weights, node.weight);
  if (weight) out["font-weight"] = weight;
  if (typeof node.textAlign === "string") out["text-align"] = node.textAlign;
  if (node.italic) out["font-style"] = "italic";
  if (node.lineThrough) out["text-decoration"] = "line-through";
  const w = size(node.width);
  if (w) out.width = w;
  if (typeof node.maxLines === "number") {
    out.display = "-webkit-box";
    out["-webkit-line-clamp"] = String(node.maxLines);
    out["-webkit-box-orient"] = "vertical";
    out.overflow = "hidden";
  } else if (node.truncate) {
    out.overflow = "hidden";
    out["text-overflow"] = "ellipsis";
    out["white-space"] = "nowrap";
  }
  return out;
}
