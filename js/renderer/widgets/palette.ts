/**
 * ChatKit's colour tokens → CSS. Widget colours accept, by role (chatkit `widgets.py`): text
 * tokens (`prose`, `primary`, `secondary`...), background tokens (`surface`, `surface-elevated`...),
 * border tokens (`default`, `subtle`, `strong`), chart tokens (`blue`, `purple`...), and in every
 * role the semantic tokens (`success`, `warning`, `danger`, `info`, `discovery`, `caution`), the
 * primitive palette (`gray-900`, `blue-500`: hue and shade 0–1000) and the alpha scale
 * (`alpha-10`: the foreground at 10 %, so it suits light and dark). Semantic tokens follow the
 * chat's theme through its CSS variables.
 */
import { own } from "../own";

export type ColorRole = "text" | "background" | "border" | "chart";

const SEMANTIC: Record<string, string> = {
  primary: "var(--ck-fg)",
  prose: "var(--ck-fg)",
  emphasis: "var(--ck-fg)",
  secondary: "var(--ck-muted)",
  tertiary: "color-mix(in srgb, var(--ck-muted) 75%, var(--ck-bg))",
  success: "var(--ck-success)",
  warning: "var(--ck-warning)",
  caution: "var(--ck-caution)",
  danger: "var(--ck-danger)",
  info: "var(--ck-info)",
  discovery: "var(--ck-discovery)",
};

const BY_ROLE: Record<ColorRole, Record<string, string>> = {
  text: {},
  background: {
    surface: "var(--ck-bg)",
    "surface-secondary": "var(--ck-surface)",
    "surface-tertiary": "var(--ck-surface-2)",
    "surface-elevated": "var(--ck-bg)",
    "surface-elevated-secondary": "var(--ck-surface)",
  },
  border: {
    default: "var(--ck-border)",
    subtle: "color-mix(in srgb, var(--ck-border) 55%, transparent)",
    strong: "color-mix(in srgb, var(--ck-fg) 35%, var(--ck-border))",
  },
  chart: {
    blue: "var(--ck-chart-blue)",
    purple: "var(--ck-chart-purple)",
    orange: "var(--ck-chart-orange)",
    green: "var(--ck-chart-green)",
    red: "var(--ck-chart-red)",
    yellow: "var(--ck-chart-yellow)",
    pink: "var(--ck-chart-pink)",
  },
};

/** The 500 shade of each primitive hue; lighter shades mix in white, darker ones black. */
const HUES: Record<string, string> = {
  red: "#e02e2a",
  orange: "#e25507",
  yellow: "#d4a106",
  green: "#008635",
  teal: "#0f9690",
  blue: "#0285ff",
  indigo: "#4f46e5",
  purple: "#8b4cf6",
  pink: "#e0468f",
};

const PRIMITIVE = /^([a-z]+)-(\d{1,4})$/;
const ALPHA = /^alpha-(\d{1,3})$/;

function primitive(hue: string, shade: number): string | undefined {
  if (shade > 1000) return undefined;
  if (hue === "gray" || hue === "grey") return mix("#ffffff", "#000000", shade / 1000);
  const base = own(HUES, hue);
  if (!base) return undefined;
  return shade <= 500
    ? mix(base, "#ffffff", ((500 - shade) / 500) * 0.92)
    : mix(base, "#000000", ((shade - 500) / 500) * 0.8);
}

/** `from` moved `amount` (0–1) of the way to `to`, in sRGB, as #rrggbb. */
function mix(from: string, to: string, amount: number): string {
  const channel = (hex: string, i: number) => Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
  let out = "#";
  for (let i = 0; i < 3; i++) {
    const value = Math.round(channel(from, i) + (channel(to, i) - channel(from, i)) * amount);
    out += value.toString(16).padStart(2, "0");
  }
  return out;
}

/** The CSS colour of a ChatKit token in `role`, or undefined when `name` is not a token. */
export function paletteColor(name: string, role: ColorRole): string | undefined {
  const token = own(BY_ROLE[role], name) ?? own(SEMANTIC, name);
  if (token) return token;
  const alpha = ALPHA.exec(name);
  if (alpha) {
    const percent = Number(alpha[1]);
    return percent <= 100 ? `color-mix(in srgb, var(--ck-fg) ${percent}%, transparent)` : undefined;
  }
  const shade = PRIMITIVE.exec(name);
  return shade ? primitive(shade[1] as string, Number(shade[2])) : undefined;
}
