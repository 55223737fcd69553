/**
 * Maps `ChatKitOptions.theme` to CSS custom properties on the host element.
 * Only colours/sizes are computed here; the stylesheet consumes the variables.
 */
import type { ChatKitOptions, ThemeOption } from "@openai/chatkit";
import { own } from "./own";

type Theme = NonNullable<ChatKitOptions["theme"]>;

export const SYSTEM_FONT =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const SYSTEM_MONO =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

const RADIUS: Record<NonNullable<ThemeOption["radius"]>, [string, string]> = {
  pill: ["999px", "18px"],
  round: ["12px", "16px"],
  soft: ["8px", "10px"],
  sharp: ["0px", "0px"],
};

const DENSITY: Record<NonNullable<ThemeOption["density"]>, string> = {
  compact: "0.75",
  normal: "1",
  spacious: "1.25",
};

// Accent level: how strongly the accent tints its softer surfaces.
const ACCENT_SOFT_MIX = ["10%", "16%", "22%", "30%"];

export function normalizeTheme(theme: Theme | undefined): ThemeOption {
  if (!theme) return {};
  return typeof theme === "string" ? { colorScheme: theme } : theme;
}

export function colorSchemeOf(theme: Theme | undefined): "light" | "dark" {
  return normalizeTheme(theme).colorScheme === "dark" ? "dark" : "light";
}

/** Every custom property the theme controls, so stale values can be removed on change. */
export function themeVariables(theme: Theme | undefined): Record<string, string> {
  const option = normalizeTheme(theme);
  const dark = option.colorScheme === "dark";
  const grayscale = option.color?.grayscale;
  const hue = grayscale?.hue ?? 220;
  const saturation = grayscale ? Math.min(40, grayscale.tint * 4) : 6;
  const shade = grayscale?.shade ?? 0;
  const gray = (lightL: number, darkL: number) =>
    `hsl(${hue} ${saturation}% ${Math.max(0, Math.min(100, (dark ? darkL : lightL) + shade * 2))}%)`;

  const background = option.color?.surface?.background ?? gray(100, 12);
  const foreground = option.color?.surface?.foreground ?? gray(12, 94);
  const accent = option.color?.accent?.primary ?? (dark ? "#f2f2f2" : "#0d0d0d");
  const level = option.color?.accent?.level ?? 1;
  const [controlRadius, surfaceRadius] = RADIUS[option.radius ?? "pill"];
  const baseSize = option.typography?.baseSize ?? 16;

  return {
    "--ck-bg": background,
    "--ck-fg": foreground,
    "--ck-surface": gray(97, 16),
    "--ck-surface-2": gray(93, 21),
    "--ck-border": gray(88, 26),
    "--ck-muted": gray(42, 68),
    "--ck-accent": accent,
    "--ck-accent-fg": dark && !option.color?.accent ? "#0d0d0d" : "#ffffff",
    "--ck-accent-soft": `color-mix(in srgb, ${accent} ${ACCENT_SOFT_MIX[level] ?? "16%"}, ${background})`,
    "--ck-danger": dark ? "#ff8a80" : "#c62828",
    "--ck-warning": dark ? "#ffcc66" : "#a15c00",
    "--ck-success": dark ? "#7bd88f" : "#1b7f3b",
    "--ck-info": dark ? "#7cb7ff" : "#1f5fbf",
    "--ck-discovery": dark ? "#c3a6ff" : "#6b3fd4",
    "--ck-caution": dark ? "#ffae7a" : "#b84a00",
    ...chartColors(dark),
    "--ck-radius-control": controlRadius,
    "--ck-radius-surface": surfaceRadius,
    "--ck-density": own(DENSITY, option.density) ?? DENSITY.normal,
    "--ck-font-size": `${baseSize}px`,
    "--ck-font": option.typography?.fontFamily ?? SYSTEM_FONT,
    "--ck-font-mono": option.typography?.fontFamilyMono ?? SYSTEM_MONO,
    "color-scheme": dark ? "dark" : "light",
  };
}

/** ChatKit's chart tokens (`blue`, `purple`...): brighter on dark backgrounds. */
function chartColors(dark: boolean): Record<string, string> {
  const colors: [string, string, string][] = [
    ["blue", "#2f7ff0", "#6aa8ff"],
    ["purple", "#8b4cf6", "#b48cff"],
    ["orange", "#e86a1a", "#ff9a57"],
    ["green", "#1f9d55", "#5fd08d"],
    ["red", "#e0463f", "#ff7b73"],
    ["yellow", "#d9a400", "#ffd24d"],
    ["pink", "#e0468f", "#ff86bd"],
  ];
  return Object.fromEntries(
    colors.map(([name, light, onDark]) => [`--ck-chart-${name}`, dark ? onDark : light]),
  );
}

/** Writes the variables to the host's inline style (other inline styles, e.g. height, stay). */
export function applyTheme(host: HTMLElement, theme: Theme | undefined): void {
  for (const [name, value] of Object.entries(themeVariables(theme))) {
    host.style.setProperty(name, value);
  }
  host.dataset.colorScheme = colorSchemeOf(theme);
}
