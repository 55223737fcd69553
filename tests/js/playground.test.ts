import { afterEach, describe, expect, it, vi } from "vitest";
import { Edits } from "../../js/playground/edits";
import {
  definePlayground,
  EMPTY_STATE,
  PLAYGROUND_TAG,
  type PlaygroundElement,
} from "../../js/playground/element";
import { toMapping } from "../../js/playground/lists";
import type { ControlSpec, PanelFrame, PlaygroundState } from "../../js/playground/types";
import { itemErrors, pickerHex, shownValue, valueAt } from "../../js/playground/values";

const CONTROLS: ControlSpec[] = [
  {
    id: "theme.colorScheme",
    kind: "segmented",
    label: "Color scheme",
    section: "Theme",
    default: "light",
    choices: ["light", "dark"],
  },
  { id: "theme.color.accent", kind: "present", label: "Accent color", section: "Theme" },
  {
    id: "theme.color.accent.primary",
    kind: "color",
    label: "Accent",
    section: "Theme",
    default: "#0d6efd",
    shown_if: "theme.color.accent",
  },
  {
    id: "options.startScreen.prompts",
    kind: "list",
    label: "Prompts",
    section: "Start screen",
    fields: [
      { id: "label", kind: "text", label: "Label", empty: "keep" },
      { id: "prompt", kind: "text", label: "Prompt", empty: "keep" },
    ],
    template: { label: "New", prompt: "new" },
  },
];

const PROMPTS = [
  { label: "One", prompt: "1" },
  { label: "Two", prompt: "2" },
];

async function mount(state: Partial<PlaygroundState> = {}) {
  definePlayground();
  const element = document.createElement(PLAYGROUND_TAG) as PlaygroundElement;
  const frames: PanelFrame[] = [];
  element.connect((frame) => frames.push(frame), 0);
  element.controls = CONTROLS;
  element.sections = ["Theme", "Start screen"];
  element.presets = { light: { colorScheme: "light" }, dark: { colorScheme: "dark" } };
  element.state = { ...EMPTY_STATE, ...state };
  document.body.appendChild(element);
  await element.updateComplete;
  const root = element.shadowRoot as ShadowRoot;
  const control = (id: string) => root.querySelector(`[data-control="${id}"]`) as HTMLElement;
  return { element, frames, root, control };
}

function fire(input: HTMLInputElement, value: string, type: "input" | "change") {
  input.value = value;
  input.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
}

afterEach(() => document.body.replaceChildren());

describe("reading the chat's configuration", () => {
  const state = { ...EMPTY_STATE, theme: "dark" as const, options: { locale: "de" } };
  it("follows a control's key into the theme or the options", () => {
    expect(valueAt(state, "theme.colorScheme")).toBe("dark");
    expect(valueAt(state, "options.locale")).toBe("de");
    expect(valueAt(state, "options.header.title.text")).toBeUndefined();
    expect(
      shownValue(state, { id: "theme.radius", kind: "select", label: "", default: "pill" }),
    ).toBe("pill");
  });
  it("gives the colour picker only #rrggbb", () => {
    expect(pickerHex("#ABC")).toBe("#aabbcc");
    expect(pickerHex("hsl(1 2% 3%)")).toBeNull();
  });
  it("finds each list item's messages", () => {
    const message = "options.startScreen.prompts[1].icon: 'x' is not allowed\nother";
    expect(itemErrors(message, "options.startScreen.prompts").get(1)).toEqual([
      "[1].icon: 'x' is not allowed",
    ]);
  });
  it("turns accept rows into a MIME mapping", () => {
    expect(
      toMapping([
        ["image/*", ".png, .jpg"],
        ["", ".x"],
      ]),
    ).toEqual({ "image/*": [".png", ".jpg"] });
  });
});

describe("edits on their way to the kernel", () => {
  it("keeps one edit per control in flight and sends only the latest of a drag", () => {
    const sent: PanelFrame[] = [];
    const edits = new Edits((frame) => sent.push(frame));
    edits.edit("a", "#111111", false);
    edits.edit("a", "#222222", false);
    edits.edit("a", "#333333", true);
    expect(sent).toHaveLength(1);
    expect(edits.draft("a")?.display).toBe("#333333");
    edits.acknowledge(1, {});
    expect(sent).toEqual([
      { type: "set", id: "a", value: "#111111", seq: 1, final: false },
      { type: "set", id: "a", value: "#333333", seq: 2, final: true },
    ]);
    expect(edits.draft("a")).toBeDefined(); // still in flight
    edits.acknowledge(2, {});
    expect(edits.draft("a")).toBeUndefined();
  });
  it("keeps a rejected value shown until the message goes", () => {
    const edits = new Edits(() => undefined);
    edits.edit("a", "blue", true);
    edits.acknowledge(1, { a: "not a colour" });
    expect(edits.draft("a")?.display).toBe("blue");
    edits.acknowledge(1, {});
    expect(edits.draft("a")).toBeUndefined();
  });
  it("numbers on from the kernel's count", () => {
    const sent: PanelFrame[] = [];
    new Edits((frame) => sent.push(frame), 41).edit("a", 1, true);
    expect(sent[0]).toMatchObject({ seq: 42 });
  });
});

describe("<chatkit-notebook-playground>", () => {
  it("sends a segmented choice, and shows the chat's value", async () => {
    const { frames, control } = await mount({ theme: "dark" });
    const buttons = control("theme.colorScheme").querySelectorAll("button");
    expect(buttons[1]?.getAttribute("aria-checked")).toBe("true");
    buttons[0]?.click();
    expect(frames).toEqual([
      { type: "set", id: "theme.colorScheme", value: "light", seq: 1, final: true },
    ]);
  });

  it("shows a section's controls once it is on, and drags a colour", async () => {
    const { element, frames, control } = await mount();
    expect(control("theme.color.accent.primary")).toBeNull();
    element.state = {
      ...EMPTY_STATE,
      theme: { color: { accent: { primary: "#0d6efd", level: 1 } } },
    };
    await element.updateComplete;
    const picker = control("theme.color.accent.primary").querySelector(
      'input[type="color"]',
    ) as HTMLInputElement;
    expect(picker.value).toBe("#0d6efd");
    fire(picker, "#ff0000", "input");
    fire(picker, "#00ff00", "input");
    fire(picker, "#00ff00", "change");
    expect(frames).toEqual([
      { type: "set", id: "theme.color.accent.primary", value: "#ff0000", seq: 1, final: false },
    ]);
    element.state = { ...element.state, applied: 1 };
    await element.updateComplete;
    expect(frames[1]).toMatchObject({ value: "#00ff00", seq: 2, final: true });
  });

  it("shows a rejected value beside its message", async () => {
    const theme = { color: { accent: { primary: "#0d6efd", level: 1 as const } } };
    const { element, control } = await mount({ theme });
    const text = control("theme.color.accent.primary").querySelector(".code") as HTMLInputElement;
    fire(text, "blue", "change");
    element.state = {
      ...element.state,
      applied: 1,
      errors: {
        "theme.color.accent.primary": "theme.color.accent.primary: 'blue' is not a colour",
      },
    };
    await element.updateComplete;
    const row = control("theme.color.accent.primary");
    expect(row.querySelector('[role="alert"]')?.textContent).toContain("'blue' is not a colour");
    expect((row.querySelector(".code") as HTMLInputElement).value).toBe("blue");
  });

  it("adds, edits, reorders and removes list items as whole lists", async () => {
    const { element, frames, control } = await mount({
      options: { startScreen: { prompts: PROMPTS } },
    });
    const list = () => control("options.startScreen.prompts");
    /** The kernel accepts the last edit: the chat's options now hold that list. */
    const accept = async () => {
      const frame = frames.at(-1);
      if (frame?.type !== "set") throw new Error("no edit was sent");
      element.state = {
        ...element.state,
        applied: frame.seq,
        options: { startScreen: { prompts: frame.value } },
      };
      await element.updateComplete;
      return frame.value;
    };
    const click = (selector: string) =>
      (list().querySelector(selector) as HTMLButtonElement).click();
    fire(list().querySelector('input[aria-label="Label"]') as HTMLInputElement, "Uno", "input");
    expect(await accept()).toEqual([{ label: "Uno", prompt: "1" }, PROMPTS[1]]);
    click('button[aria-label="Move down"]');
    expect(await accept()).toEqual([PROMPTS[1], { label: "Uno", prompt: "1" }]);
    click(".add");
    expect(await accept()).toEqual([
      PROMPTS[1],
      { label: "Uno", prompt: "1" },
      { label: "New", prompt: "new" },
    ]);
    click('button[aria-label="Remove Two"]');
    expect(await accept()).toEqual([
      { label: "Uno", prompt: "1" },
      { label: "New", prompt: "new" },
    ]);
    expect(list().querySelectorAll("li")).toHaveLength(2);
  });

  it("shows a list item's message under that item", async () => {
    const { control } = await mount({
      options: { startScreen: { prompts: PROMPTS } },
      errors: { "options.startScreen.prompts": "options.startScreen.prompts[1].icon: 'x' no" },
    });
    const items = control("options.startScreen.prompts").querySelectorAll("li");
    expect(items[0]?.querySelector('[role="alert"]')).toBeNull();
    expect(items[1]?.querySelector('[role="alert"]')?.textContent).toContain("[1].icon: 'x' no");
  });

  it("applies presets, undoes and resets", async () => {
    const { root, frames } = await mount({ preset: "dark", can_undo: true });
    const dark = root.querySelector('[data-preset="dark"]') as HTMLButtonElement;
    expect(dark.getAttribute("aria-pressed")).toBe("true");
    (root.querySelector('[data-preset="light"]') as HTMLButtonElement).click();
    const buttons = [...root.querySelectorAll(".actions button")] as HTMLButtonElement[];
    for (const button of buttons) button.click();
    expect(frames).toEqual([
      { type: "preset", name: "light" },
      { type: "undo" },
      { type: "reset" },
    ]);
  });

  it("shows contrast warnings", async () => {
    const { root } = await mount({ warnings: ["Text #ccc on #fff: contrast 1.6:1"] });
    expect(root.querySelector('[data-testid="contrast-warnings"]')?.textContent).toContain(
      "contrast 1.6:1",
    );
  });

  it("copies the chosen snippet to the clipboard", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    const snippets = { python: "chat = ChatKit()", js: "chatkit?.setOptions({})", react: "x" };
    const { root, element } = await mount({ snippets });
    (root.querySelector('[role="tab"]:nth-child(2)') as HTMLButtonElement).click();
    await element.updateComplete;
    expect(root.querySelector('[data-testid="snippet"]')?.textContent).toBe(snippets.js);
    (root.querySelector('[data-testid="copy-js"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledWith(snippets.js));
    await vi.waitFor(() =>
      expect(root.querySelector('[data-testid="copy-js"]')?.textContent).toBe("Copied ✓"),
    );
  });

  it("keeps typed keys from the notebook's shortcuts", async () => {
    const { root } = await mount();
    const seen = vi.fn();
    document.addEventListener("keydown", seen);
    root
      .querySelector("button")
      ?.dispatchEvent(new KeyboardEvent("keydown", { bubbles: true, composed: true }));
    document.removeEventListener("keydown", seen);
    expect(seen).not.toHaveBeenCalled();
  });
});
