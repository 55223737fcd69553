/**
 * Widget style values: ChatKit's colour tokens work wherever a colour is accepted, and no style
 * value can fetch from a host the thread's `allowed_image_domains` rules out (issue 16 item 10).
 */
import { afterEach, describe, expect, it } from "vitest";
import { safeCssValue } from "../../../js/renderer/url-safety";
import { paletteColor } from "../../../js/renderer/widgets/palette";
import { background, color } from "../../../js/renderer/widgets/style-props";
import { card, renderTree } from "./widget-helpers";

const ALLOWED = ["images.example.org"];

afterEach(() => {
  document.body.innerHTML = "";
});

describe("safeCssValue", () => {
  it("keeps colours, gradients and math", () => {
    for (const value of [
      "#0d0d0d",
      "rebeccapurple",
      "rgb(0 0 0 / 50%)",
      "hsla(120, 50%, 50%, 0.3)",
      "color-mix(in srgb, red 20%, transparent)",
      "linear-gradient(90deg, #fff 0%, rgba(0,0,0,.4) 100%)",
      "calc(100% - 2px)",
      "var(--ck-fg)",
    ]) {
      expect(safeCssValue(value)).toBe(value);
    }
  });

  it("refuses everything that could fetch or break out of the declaration", () => {
    for (const value of [
      "url(https://images.example.org/a.png)", // no url() where no image is expected
      "image-set('https://evil.example/a.png' 1x)",
      "-webkit-image-set(url(https://evil.example/a.png) 1x)",
      "cross-fade(url(https://evil.example/a.png), red 50%)",
      "element(#x)",
      "paint(worklet)",
      "expression(alert(1))",
      "u\\72l(https://evil.example/a.png)",
      "red; background: url(https://evil.example/a.png)",
      "red /* comment */",
      "red !important",
      "red} body { background: red",
      "attr(data-x)",
      "'quoted'",
    ]) {
      expect(safeCssValue(value), value).toBeUndefined();
    }
  });

  it("allows url() for images only from the thread's allowed hosts", () => {
    const images = { domains: ALLOWED };
    const ok = 'linear-gradient(red, blue), url("https://images.example.org/a.png")';
    expect(safeCssValue(ok, images)).toBe(ok);
    expect(safeCssValue("url(https://cdn.images.example.org/b.png)", images)).toBeDefined();
    expect(safeCssValue("url(data:image/png;base64,iVBORw0KGgo=)", images)).toBeDefined();
    for (const bad of [
      "url(https://evil.example/a.png)",
      "url('https://evil.example/a.png')",
      "url( https://evil.example/a.png )",
      "URL(https://evil.example/a.png)",
      "red url(https://images.example.org/a.png) url(https://evil.example/b.png)",
      "url(javascript:alert(1))",
      "url(//evil.example/a.png)",
      "url(https://evil.example/a b.png)",
    ]) {
      expect(safeCssValue(bad, images), bad).toBeUndefined();
    }
    // No domain list: every http(s) host may serve images, as for Image.src.
    expect(safeCssValue("url(https://any.example/a.png)", { domains: undefined })).toBeDefined();
  });
});

describe("colour tokens", () => {
  it("resolves semantic, role, primitive and alpha tokens", () => {
    expect(color("danger", "light")).toBe("var(--ck-danger)");
    expect(color("secondary", "light")).toBe("var(--ck-muted)");
    expect(color("subtle", "light", "border")).toContain("--ck-border");
    expect(color("blue", "light", "chart")).toBe("var(--ck-chart-blue)");
    expect(color("blue", "light")).toBe("blue"); // a CSS colour outside charts
    expect(background("surface-secondary", "light", undefined)).toBe("var(--ck-surface)");
    expect(paletteColor("gray-900", "border")).toBe("#1a1a1a");
    expect(paletteColor("gray-0", "border")).toBe("#ffffff");
    expect(paletteColor("blue-500", "text")).toBe("#0285ff");
    const light = (name: string) => {
      const hex = paletteColor(name, "text") ?? "";
      return [1, 3, 5].reduce((sum, i) => sum + Number.parseInt(hex.slice(i, i + 2), 16), 0);
    };
    expect(light("blue-100")).toBeGreaterThan(light("blue-300"));
    expect(light("blue-300")).toBeGreaterThan(light("blue-500"));
    expect(light("blue-500")).toBeGreaterThan(light("blue-900"));
    expect(paletteColor("alpha-10", "background")).toBe(
      "color-mix(in srgb, var(--ck-fg) 10%, transparent)",
    );
    expect(paletteColor("plaid-500", "text")).toBeUndefined();
    expect(paletteColor("gray-5000", "text")).toBeUndefined();
    expect(color({ light: "gray-100", dark: "gray-900" }, "dark")).toBe("#1a1a1a");
  });

  it("draws the news-guide article card: Box.border {color: gray-900, size: 1}", () => {
    const { $ } = renderTree(
      card([{ type: "Box", border: { color: "gray-900", size: 1 }, children: [] }]),
    );
    const box = $(".w-box").style;
    expect(box.getPropertyValue("border-width")).toBe("1px");
    expect(box.getPropertyValue("border-style")).toBe("solid");
    expect(box.getPropertyValue("border-color")).toMatch(/#1a1a1a|26, 26, 26/);
  });

  it("styles every Button variant x colour, icon sizes included", () => {
    const colors = [
      "primary",
      "secondary",
      "info",
      "discovery",
      "success",
      "caution",
      "warning",
      "danger",
    ];
    const variants = ["solid", "soft", "outline", "ghost"];
    const buttons = variants.flatMap((variant) =>
      colors.map((c) => ({
        type: "Button",
        label: `${variant}-${c}`,
        variant,
        color: c,
        iconStart: "star",
        iconSize: "xl",
      })),
    );
    const { $$ } = renderTree(card(buttons));
    const rendered = $$(".w-button");
    expect(rendered).toHaveLength(variants.length * colors.length);
    for (const button of rendered) {
      const [variant, c] = (button.textContent ?? "").trim().split("-");
      expect(button.classList).toContain(`variant-${variant}`);
      expect(button.classList).toContain(`color-${c}`);
      expect(button.querySelector("svg")?.getAttribute("width")).toBe("24px");
    }
    // Unknown tokens fall back instead of becoming arbitrary class names.
    const odd = renderTree(card([{ type: "Button", label: "x", color: "x y", variant: "z" }]));
    expect([...odd.$(".w-button").classList]).toEqual(
      expect.arrayContaining(["variant-solid", "color-primary"]),
    );
  });

  it("honours a ListView's and a Basic root's own theme in {light, dark} colours below it", () => {
    const text = { type: "Text", value: "x", color: { light: "#111111", dark: "#eeeeee" } };
    const { $$ } = renderTree({
      type: "Basic",
      theme: "dark",
      children: [text, { type: "ListView", theme: "light", children: [text] }],
    });
    const [outer, inner] = $$(".w-text");
    expect(outer?.style.getPropertyValue("color")).toMatch(/eeeeee|238, 238, 238/);
    expect(inner?.style.getPropertyValue("color")).toMatch(/111111|17, 17, 17/);
  });
});

describe("controls", () => {
  it("Select: searchable filters the options, clearable unsets the value and reports it", () => {
    const options = Array.from({ length: 20 }, (_, i) => ({
      value: `v${i}`,
      label: `Option ${i}`,
    }));
    const { $, actions } = renderTree(
      card([
        {
          type: "Select",
          name: "pick",
          options,
          defaultValue: "v3",
          clearable: true,
          onChangeAction: { type: "picked" },
        },
      ]),
    );
    const search = $<HTMLInputElement>("[data-testid=select-search]");
    expect(search).not.toBeNull(); // more than 15 options: searchable by default
    search.value = "option 1";
    search.dispatchEvent(new Event("input"));
    const shown = [...$<HTMLSelectElement>("select").options].filter((o) => !o.hidden);
    expect(shown.map((o) => o.value)).toEqual([
      "",
      "v1",
      ...options.slice(10, 20).map((o) => o.value),
    ]);
    $<HTMLButtonElement>("[data-testid=widget-clear]").click();
    expect($<HTMLSelectElement>("select").value).toBe("");
    expect(actions.at(-1)?.request.values).toEqual({ pick: "" });

    const small = renderTree(card([{ type: "Select", name: "s", options: options.slice(0, 3) }]));
    expect(small.$("[data-testid=select-search]")).toBeNull();
    expect(small.$("[data-testid=widget-clear]")).toBeNull();
  });

  it("Textarea: autoResize grows with the text up to maxRows", () => {
    const { $ } = renderTree(
      card([{ type: "Textarea", name: "t", rows: 2, autoResize: true, maxRows: 6 }]),
    );
    const area = $<HTMLTextAreaElement>("textarea");
    expect(area.style.getPropertyValue("field-sizing")).toBe("content");
    expect(area.style.getPropertyValue("max-height")).toContain("9em");
    expect(area.style.getPropertyValue("min-height")).toContain("3em");
  });

  it("Chart: bars with the same stack share a column and pile up", () => {
    const { $$ } = renderTree(
      card([
        {
          type: "Chart",
          data: [{ m: "Jan", a: 2, b: 3, c: 4 }],
          xAxis: "m",
          series: [
            { type: "bar", dataKey: "a", stack: "s", color: "blue" },
            { type: "bar", dataKey: "b", stack: "s", color: "red-300" },
            { type: "bar", dataKey: "c" },
          ],
        },
      ]),
    );
    const bars = $$("rect.bar");
    const [a, b, c] = bars.map((bar) => ({
      x: Number(bar.getAttribute("x")),
      y: Number(bar.getAttribute("y")),
      h: Number(bar.getAttribute("height")),
    }));
    expect(a?.x).toBe(b?.x); // one column for the stack
    expect(c?.x).not.toBe(a?.x);
    expect((b?.y ?? 0) + (b?.h ?? 0)).toBeCloseTo(a?.y ?? -1); // b sits on a
    expect((a?.h ?? 0) + (b?.h ?? 0)).toBeGreaterThan(c?.h ?? 0); // 5 > 4: the stack is taller
    expect(bars[0]?.style.getPropertyValue("fill")).toBe("var(--ck-chart-blue)");
  });
});

describe("style props cannot fetch from other hosts", () => {
  const evil = "url(https://evil.example/track.png)";
  const surfaces = (value: string) =>
    card(
      [
        { type: "Box", background: value, children: [] },
        { type: "Row", background: value, children: [] },
        { type: "Col", background: value, children: [] },
        { type: "Form", background: value, children: [] },
        { type: "Image", src: "https://images.example.org/ok.png", background: value },
        { type: "Box", border: { size: 1, color: value }, children: [] },
        { type: "Divider", color: value },
        { type: "Text", value: "t", color: value },
        { type: "Icon", name: "star", color: value },
        { type: "Box", padding: value, width: value, children: [] },
        {
          type: "Chart",
          data: [{ x: "a", y: 1, z: 2 }],
          xAxis: "x",
          series: [
            { type: "bar", dataKey: "y", color: value },
            { type: "line", dataKey: "z", color: value },
          ],
        },
        { type: "Basic", background: value, children: [] },
      ],
      { background: value },
    );

  it("drops url() to a host outside allowed_image_domains from every surface", () => {
    const { container } = renderTree(surfaces(evil), null, { imageDomains: ALLOWED });
    const styles = [...container.querySelectorAll("[style]")].map((el) => el.getAttribute("style"));
    expect(styles.length).toBeGreaterThan(5);
    for (const style of styles) expect(style).not.toContain("evil.example");
  });

  it("keeps a background image from an allowed host", () => {
    const good = "url(https://images.example.org/bg.png)";
    const { $ } = renderTree(surfaces(good), null, { imageDomains: ALLOWED });
    expect($(".w-card").style.getPropertyValue("background")).toContain("images.example.org");
  });
});
