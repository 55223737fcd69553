import "./happy-dom-shims";
import type { ChatKitIcon, HeaderIcon, LucideIcon, Widgets } from "@openai/chatkit";
import { render } from "lit";
import { afterEach, describe, expect, it } from "vitest";
import { hasIcon, icon, iconNames } from "../../../js/renderer/widgets/icons";

/** Every built-in icon name of @openai/chatkit; the type checks below fail when one is missing. */
const CHATKIT_ICONS = [
  "agent",
  "analytics",
  "atom",
  "batch",
  "bolt",
  "book-open",
  "book-closed",
  "book-clock",
  "bug",
  "calendar",
  "chart",
  "check",
  "check-circle",
  "check-circle-filled",
  "chevron-left",
  "chevron-right",
  "circle-question",
  "clock",
  "compass",
  "confetti",
  "cube",
  "desktop",
  "document",
  "dots-horizontal",
  "dots-vertical",
  "empty-circle",
  "external-link",
  "globe",
  "keys",
  "lab",
  "images",
  "info",
  "lifesaver",
  "lightbulb",
  "mail",
  "map-pin",
  "maps",
  "mobile",
  "name",
  "notebook",
  "notebook-pencil",
  "page-blank",
  "phone",
  "play",
  "plus",
  "profile",
  "profile-card",
  "reload",
  "star",
  "star-filled",
  "search",
  "sparkle",
  "sparkle-double",
  "square-code",
  "square-image",
  "square-text",
  "suitcase",
  "settings-slider",
  "user",
  "wreath",
  "write",
  "write-alt",
  "write-alt2",
] as const satisfies readonly ChatKitIcon[];

const WIDGET_ONLY_ICONS = ["dot"] as const satisfies readonly Widgets.WidgetIcon[];

const HEADER_ICONS = [
  "sidebar-left",
  "sidebar-right",
  "sidebar-open-left",
  "sidebar-open-right",
  "sidebar-open-left-alt",
  "sidebar-open-right-alt",
  "sidebar-floating-left",
  "sidebar-floating-right",
  "sidebar-floating-open-left",
  "sidebar-floating-open-right",
  "sidebar-collapse-left",
  "sidebar-collapse-right",
  "collapse-left",
  "collapse-right",
  "open-left",
  "open-right",
  "double-chevron-left",
  "double-chevron-right",
  "home",
  "home-alt",
  "back-small",
  "back-large",
  "expand-large",
  "collapse-large",
  "expand-small",
  "collapse-small",
  "star",
  "star-filled",
  "bug",
  "chat-temporary",
  "settings-cog",
  "grid",
  "dots-horizontal",
  "dots-vertical",
  "dots-horizontal-circle",
  "dots-vertical-circle",
  "menu",
  "menu-inverted",
  "hamburger",
  "history",
  "book-open",
  "compose",
  "share",
  "light-mode",
  "dark-mode",
  "close",
] as const satisfies readonly HeaderIcon[];

// Compile-time completeness: nothing of the unions is left out of the lists above.
type Missing<All, Listed> = Exclude<All, Listed | LucideIcon>;
const chatkitComplete: [Missing<ChatKitIcon, (typeof CHATKIT_ICONS)[number]>] extends [never]
  ? true
  : false = true;
const widgetComplete: [
  Missing<Widgets.WidgetIcon, (typeof CHATKIT_ICONS | typeof WIDGET_ONLY_ICONS)[number]>,
] extends [never]
  ? true
  : false = true;
const headerComplete: [Missing<HeaderIcon, (typeof HEADER_ICONS)[number]>] extends [never]
  ? true
  : false = true;

function rendered(name: string | undefined): SVGElement {
  const container = document.createElement("div");
  document.body.append(container);
  render(icon(name, "16px"), container);
  return container.querySelector("svg") as SVGElement;
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("icons (Lucide)", () => {
  it("the lists cover every ChatKit, widget and header icon name", () => {
    expect([chatkitComplete, widgetComplete, headerComplete]).toEqual([true, true, true]);
  });

  it.each([...CHATKIT_ICONS, ...WIDGET_ONLY_ICONS, ...HEADER_ICONS])(
    "%s renders a real icon",
    (name) => {
      expect(hasIcon(name)).toBe(true);
      const svg = rendered(name);
      expect(svg.classList.contains("icon-dot")).toBe(false);
      expect(svg.getAttribute("data-icon")).toBe(name);
      expect(svg.querySelectorAll("path, circle, rect, line, polyline, polygon").length).toBe(
        svg.children.length,
      );
      expect(svg.children.length).toBeGreaterThan(0);
    },
  );

  it("lucide:<name> works for bundled Lucide icons; others render a neutral dot", () => {
    expect(rendered("lucide:bot").querySelector("path")).not.toBeNull();
    expect(hasIcon("lucide:flask-conical")).toBe(true);
    expect(rendered("lucide:banana").classList.contains("icon-dot")).toBe(true);
    expect(rendered("vendor:thing").classList.contains("icon-dot")).toBe(true);
    expect(rendered(undefined).classList.contains("icon-dot")).toBe(true);
  });

  it("different names draw different shapes, filled variants are solid", () => {
    const shapes = new Set(
      CHATKIT_ICONS.filter((n) => !n.endsWith("-filled")).map((n) => rendered(n).innerHTML),
    );
    expect(shapes.size).toBeGreaterThan(50);
    expect(rendered("star-filled").querySelector("path")?.getAttribute("fill")).toBe(
      "currentColor",
    );
    expect(rendered("star").querySelector("path")?.getAttribute("fill")).toBeNull();
    expect(iconNames()).toEqual(expect.arrayContaining(["history", "compose", "trash", "stop"]));
  });
});
