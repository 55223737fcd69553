/** Converts widget layout/colour props to inline CSS (values go through style.setProperty). */
import { own } from "../own";
import { type ImageDomains, safeCssValue } from "../url-safety";
import { type ColorRole, paletteColor } from "./palette";

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

const ICON_SIZES: Record<string, string> = {
  xs: "12px",
  sm: "14px",
  md: "16px",
  lg: "20px",
  xl: "24px",
  "2xl": "32px",
  "3xl": "40px",
};

/** An icon size token (Icon.size, Button.iconSize) as a CSS length. */
export function iconSize(token: unknown): string | undefined {
  return own(ICON_SIZES, token);
}

/** `value` when it is one of `allowed` (a token that becomes a class name), else `fallback`. */
export function oneOf(allowed: ReadonlySet<string>, value: unknown, fallback: string): string {
  return typeof value === "string" && allowed.has(value) ? value : fallback;
}

/** Numbers are spacing units (0.25rem, scaled by density); strings are CSS lengths. */
export function space(value: unknown): string | undefined {
  if (typeof value === "number") return `calc(${value * 0.25}rem * var(--ck-density, 1))`;
  return cssText(value);
}

export function size(value: unknown): string | undefined {
  if (typeof value === "number") return `${value}px`;
  return cssText(value);
}

/** A plain CSS value from widget data: no `url()`, no escapes, only allow-listed functions. */
export function cssText(value: unknown): string | undefined {
  return typeof value === "string" ? safeCssValue(value) : undefined;
}

/** A colour prop: a ChatKit token for `role`, a `{light, dark}` pair, or a CSS colour. */
export function color(
  value: unknown,
  scheme: "light" | "dark",
  role: ColorRole = "text",
): string | undefined {
  if (value && typeof value === "object") {
    return color(own(value as Record<string, unknown>, scheme), scheme, role);
  }
  if (typeof value !== "string") return undefined;
  return paletteColor(value.trim(), role) ?? safeCssValue(value);
}

/**
 * A `background` prop: a colour, a gradient, or an image whose `url()` the thread's
 * `allowed_image_domains` allows (like an Image's `src`).
 */
export function background(
  value: unknown,
  scheme: "light" | "dark",
  domains: ImageDomains,
): string | undefined {
  if (value && typeof value === "object") {
    return background(own(value as Record<string, unknown>, scheme), scheme, domains);
  }
  if (typeof value !== "string") return undefined;
  return paletteColor(value.trim(), "background") ?? safeCssValue(value, { domains });
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

const BORDER_STYLES: Record<string, string> = Object.fromEntries(
  ["solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset"].map((s) => [s, s]),
);

/** One edge's border as width, style and colour (separate properties: no fragile shorthand). */
function borderOf(
  value: unknown,
  scheme: "light" | "dark",
): { width: string; style: string; color: string } | undefined {
  if (typeof value === "number") {
    return { width: `${value}px`, style: "solid", color: "var(--ck-border)" };
  }
  if (value && typeof value === "object" && "size" in value) {
    const b = value as { size: unknown; color?: unknown; style?: unknown };
    return {
      width: `${typeof b.size === "number" ? b.size : 1}px`,
      style: own(BORDER_STYLES, b.style) ?? "solid",
      color: color(b.color, scheme, "border") ?? "var(--ck-border)",
    };
  }
  return undefined;
}

function border(value: unknown, scheme: "light" | "dark", out: Style): void {
  const all = borderOf(value, scheme);
  const edges: [string, unknown][] = [];
  if (all) {
    edges.push(["", value]);
  } else if (value && typeof value === "object") {
    const b = value as Record<string, unknown>;
    edges.push(
      ["-top", b.top ?? b.y],
      ["-right", b.right ?? b.x],
      ["-bottom", b.bottom ?? b.y],
      ["-left", b.left ?? b.x],
    );
  }
  for (const [edge, v] of edges) {
    const css = borderOf(v, scheme);
    if (!css) continue;
    out[`border${edge}-width`] = css.width;
    out[`border${edge}-style`] = css.style;
    out[`border${edge}-color`] = css.color;
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

const WRAP: Record<string, string> = {
  wrap: "wrap",
  nowrap: "nowrap",
  "wrap-reverse": "wrap-reverse",
};
const TEXT_ALIGN: Record<string, string> = { start: "start", center: "center", end: "end" };

function numberText(value: unknown): string | undefined {
  return typeof value === "number" ? String(value) : typeof value === "string" ? value : undefined;
}

/** Sizing and box props shared by layout components and images (BlockProps + BoxBaseProps). */
export function blockStyle(
  node: Record<string, unknown>,
  scheme: "light" | "dark",
  domains: ImageDomains,
): Style {
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
  set("aspect-ratio", cssText(numberText(node.aspectRatio)));
  set("border-radius", own(RADII, node.radius));
  set("flex", cssText(numberText(node.flex)));
  set("gap", space(node.gap));
  set("background", background(node.background, scheme, domains));
  set("align-items", own(ALIGN, node.align));
  set("justify-content", own(ALIGN, node.justify));
  set("flex-wrap", own(WRAP, node.wrap));
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
  const align = own(TEXT_ALIGN, node.textAlign);
  if (align) out["text-align"] = align;
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
