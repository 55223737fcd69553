import { describe, expect, it } from "vitest";
import { resolveLanguage, translator } from "../../../js/renderer/i18n";
import { applyTheme, SYSTEM_FONT, themeVariables } from "../../../js/renderer/theme";

describe("theme → CSS custom properties", () => {
  it("defaults to a light palette and a system font stack", () => {
    const vars = themeVariables(undefined);
    expect(vars["--ck-font"]).toBe(SYSTEM_FONT);
    expect(vars["color-scheme"]).toBe("light");
    expect(vars["--ck-radius-control"]).toBe("999px");
  });

  it("maps colour scheme, accent, grayscale, surface, radius, density and typography", () => {
    const vars = themeVariables({
      colorScheme: "dark",
      radius: "sharp",
      density: "compact",
      typography: { baseSize: 14, fontFamily: "Inter, sans-serif", fontFamilyMono: "Fira Code" },
      color: {
        accent: { primary: "#ff5500", level: 2 },
        grayscale: { hue: 200, tint: 5, shade: 1 },
        surface: { background: "#101010", foreground: "#fafafa" },
      },
    });
    expect(vars).toMatchObject({
      "color-scheme": "dark",
      "--ck-radius-control": "0px",
      "--ck-density": "0.75",
      "--ck-font-size": "14px",
      "--ck-font": "Inter, sans-serif",
      "--ck-font-mono": "Fira Code",
      "--ck-accent": "#ff5500",
      "--ck-bg": "#101010",
      "--ck-fg": "#fafafa",
    });
    expect(vars["--ck-accent-soft"]).toContain("22%");
    expect(vars["--ck-border"]).toMatch(/^hsl\(200 20% /);
  });

  it("applyTheme writes host variables without touching other inline styles", () => {
    const host = document.createElement("div");
    host.style.height = "300px";
    applyTheme(host, "dark");
    expect(host.style.height).toBe("300px");
    expect(host.dataset.colorScheme).toBe("dark");
    expect(host.style.getPropertyValue("--ck-radius-surface")).toBe("18px");
  });
});

describe("i18n", () => {
  it("resolves locales to en/de and interpolates", () => {
    expect(resolveLanguage("de-DE")).toBe("de");
    expect(resolveLanguage("fr")).toBe("en");
    expect(translator("de")("greeting")).toBe("Wobei kann ich heute helfen?");
    expect(translator("en")("toolRunning", { name: "x" })).toBe("Running x…");
  });
});
