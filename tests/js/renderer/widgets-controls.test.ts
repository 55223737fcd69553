import { afterEach, describe, expect, it } from "vitest";
import { card, renderTree } from "./widget-helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("controls family: Button, Select, Checkbox, Input, Textarea, RadioGroup, DatePicker", () => {
  it("Button click sends its action; disabled while its own action runs", () => {
    const tree = card([
      {
        type: "Button",
        label: "Go",
        iconStart: "bolt",
        variant: "soft",
        color: "danger",
        onClickAction: {
          type: "go",
          payload: { x: 1 },
          handler: "server",
          loadingBehavior: "auto",
          streaming: true,
        },
      },
      { type: "Button", label: "Other", onClickAction: { type: "other" } },
    ]);
    const { $$, actions } = renderTree(tree);
    const [go] = $$("button") as HTMLButtonElement[];
    expect(go?.className).toContain("variant-soft");
    expect(go?.querySelector("svg")).not.toBeNull();
    go?.click();
    expect(actions[0]).toMatchObject({
      action: { type: "go", payload: { x: 1 } },
      request: { kind: "click", path: "0.0" },
    });
    const busy = renderTree(tree, "0.0");
    const [busyGo, other] = busy.$$("button") as HTMLButtonElement[];
    expect(busyGo?.disabled).toBe(true);
    expect(other?.disabled).toBe(false);
  });

  it("onChange actions carry the control value under its name", () => {
    const { $, actions } = renderTree(
      card([
        {
          type: "Select",
          name: "choice",
          options: [
            { value: "a", label: "A" },
            { value: "b", label: "B" },
          ],
          placeholder: "Pick",
          onChangeAction: { type: "sel" },
        },
        { type: "Checkbox", name: "prefs.ok", label: "OK", onChangeAction: { type: "chk" } },
        {
          type: "RadioGroup",
          name: "r",
          options: [{ label: "X", value: "x" }],
          onChangeAction: { type: "rad" },
        },
        {
          type: "DatePicker",
          name: "when",
          defaultValue: "2026-01-02T00:00:00",
          min: "2026-01-01T00:00:00",
          onChangeAction: { type: "date" },
        },
      ]),
    );
    const select = $<HTMLSelectElement>("select");
    select.value = "b";
    select.dispatchEvent(new Event("change"));
    const checkbox = $<HTMLInputElement>('input[type="checkbox"]');
    checkbox.checked = true;
    checkbox.dispatchEvent(new Event("change"));
    const radio = $<HTMLInputElement>('input[type="radio"]');
    radio.checked = true;
    radio.dispatchEvent(new Event("change"));
    const date = $<HTMLInputElement>('input[type="date"]');
    expect(date.value).toBe("2026-01-02");
    expect(date.min).toBe("2026-01-01");
    date.value = "2026-02-03";
    date.dispatchEvent(new Event("change"));
    expect(actions.map((a) => [a.action.type, a.request.values])).toEqual([
      ["sel", { choice: "b" }],
      ["chk", { prefs: { ok: true } }],
      ["rad", { r: "x" }],
      ["date", { when: "2026-02-03" }],
    ]);
  });

  it("Input and Textarea map type, placeholder, required and pattern", () => {
    const { $ } = renderTree(
      card([
        {
          type: "Input",
          name: "mail",
          inputType: "email",
          placeholder: "you@",
          required: true,
          pattern: ".+@.+",
        },
        { type: "Input", name: "weird", inputType: "file" },
        { type: "Textarea", name: "notes", rows: 5, defaultValue: "hi" },
      ]),
    );
    const mail = $<HTMLInputElement>('input[name="mail"]');
    expect([mail.type, mail.placeholder, mail.required, mail.getAttribute("pattern")]).toEqual([
      "email",
      "you@",
      true,
      ".+@.+",
    ]);
    expect($<HTMLInputElement>('input[name="weird"]').type).toBe("text");
    const notes = $<HTMLTextAreaElement>("textarea");
    expect(notes.value).toBe("hi");
    expect(notes.getAttribute("rows")).toBe("5");
  });
});
