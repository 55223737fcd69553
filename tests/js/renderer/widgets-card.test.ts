import { afterEach, describe, expect, it } from "vitest";
import { busyKeyFor } from "../../../js/renderer/view/widget-item";
import { card, renderTree } from "./widget-helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("Card / ListView family", () => {
  it("Card renders status, size, padding, confirm/cancel actions", () => {
    const { $, actions } = renderTree(
      card([{ type: "Text", value: "Body" }], {
        size: "sm",
        padding: 2,
        status: { text: "Flights", icon: "globe" },
        confirm: { label: "Book", action: { type: "book", payload: { id: 1 } } },
        cancel: { label: "Nope", action: { type: "cancel" } },
      }),
    );
    expect($(".w-status").textContent).toContain("Flights");
    expect($(".w-card").classList.contains("size-sm")).toBe(true);
    expect($(".w-card").style.getPropertyValue("padding-top")).toContain("0.5rem");
    const [cancel, confirm] = [...$(".w-card-actions").querySelectorAll("button")];
    expect(confirm?.textContent).toBe("Book");
    confirm?.click();
    cancel?.click();
    expect(actions.map((a) => a.action.type)).toEqual(["book", "cancel"]);
  });

  it("a Card's own theme re-colours it inside a chat of the other scheme", () => {
    const dark = renderTree(card([{ type: "Text", value: "Night" }], { theme: "dark" })).$(
      ".w-card",
    );
    expect(dark.style.getPropertyValue("--ck-bg")).toMatch(/hsl\(220 6% 12%\)/);
    expect(dark.style.getPropertyValue("color-scheme")).toBe("dark");
    const plain = renderTree(card([{ type: "Text", value: "Day" }], { theme: "light" })).$(
      ".w-card",
    );
    expect(plain.style.getPropertyValue("--ck-bg")).toBe(""); // the chat is light already
  });

  it("collapsed Card hides its body", () => {
    const { $ } = renderTree(card([{ type: "Text", value: "Hidden" }], { collapsed: true }));
    expect($(".w-card").textContent).not.toContain("Hidden");
  });

  it("asForm Card validates required fields and submits named values with the confirm action", () => {
    const { $, actions } = renderTree(
      card(
        [
          { type: "Input", name: "user.name", required: true },
          { type: "Checkbox", name: "user.subscribe", label: "News", defaultChecked: true },
          {
            type: "Select",
            name: "seat",
            options: [
              { value: "a", label: "A" },
              { value: "b", label: "B" },
            ],
            defaultValue: "b",
          },
        ],
        {
          asForm: true,
          confirm: { label: "Save", action: { type: "save", payload: { form: "profile" } } },
        },
      ),
    );
    const submit = $<HTMLButtonElement>('button[type="submit"]');
    submit.click();
    expect(actions).toHaveLength(0); // required field empty
    $<HTMLInputElement>('input[name="user.name"]').value = "Ada";
    submit.click();
    expect(actions[0]?.action).toMatchObject({ type: "save" });
    expect(actions[0]?.request).toMatchObject({
      kind: "submit",
      values: { user: { name: "Ada", subscribe: true }, seat: "b" },
    });
  });

  it("disables every control while a container action runs", () => {
    const { $$ } = renderTree(
      card([{ type: "Button", label: "A", onClickAction: { type: "a" } }], {
        confirm: { label: "OK", action: { type: "ok" } },
      }),
      "*",
    );
    expect($$("button").every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
  });

  it("ListView honours limit; ListViewItem with an action is clickable and keyboard-activatable", () => {
    const { $$, actions } = renderTree({
      type: "ListView",
      limit: 2,
      status: { text: "Results" },
      children: [
        {
          type: "ListViewItem",
          onClickAction: { type: "pick", payload: { i: 0 } },
          children: [{ type: "Text", value: "Zero" }],
        },
        { type: "ListViewItem", children: [{ type: "Text", value: "One" }] },
        { type: "ListViewItem", children: [{ type: "Text", value: "Two" }] },
      ],
    });
    const rows = $$(".w-list-item");
    expect(rows.map((r) => r.textContent?.trim())).toEqual(["Zero", "One"]);
    rows[0]?.click();
    rows[0]?.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    expect(actions.map((a) => a.action.payload)).toEqual([{ i: 0 }, { i: 0 }]);
    expect(rows[1]?.classList.contains("interactive")).toBe(false);
  });

  it("loadingBehavior maps to the disabled scope", () => {
    const click = { path: "0.1", kind: "click" as const };
    const submit = { path: "0.1", kind: "submit" as const };
    expect(busyKeyFor({ type: "a" }, click)).toBe("0.1");
    expect(busyKeyFor({ type: "a" }, submit)).toBe("*");
    expect(busyKeyFor({ type: "a", loadingBehavior: "container" }, click)).toBe("*");
    expect(busyKeyFor({ type: "a", loadingBehavior: "self" }, submit)).toBe("0.1");
    expect(busyKeyFor({ type: "a", loadingBehavior: "none" }, click)).toBeNull();
  });
});
