import { afterEach, describe, expect, it } from "vitest";
import { collectFormValues, mergePayload, setPath } from "../../../js/renderer/widgets/form-values";
import { card, renderTree } from "./widget-helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("layout family: Box, Row, Col, Form, Spacer, Divider, Transition", () => {
  it("maps direction, gap, padding, align and background", () => {
    const { $, $$ } = renderTree(
      card([
        {
          type: "Row",
          gap: 2,
          align: "center",
          justify: "between",
          children: [
            { type: "Text", value: "a" },
            { type: "Spacer" },
            { type: "Text", value: "b" },
          ],
        },
        {
          type: "Col",
          padding: { x: 4, top: 1 },
          background: { light: "#eee", dark: "#111" },
          children: [],
        },
        { type: "Box", direction: "row", children: [] },
        { type: "Divider", flush: true },
        { type: "Transition", children: { type: "Text", value: "inside" } },
      ]),
    );
    const [row, col, box] = $$(".w-box");
    expect(row?.classList.contains("dir-row")).toBe(true);
    expect(row?.style.getPropertyValue("gap")).toContain("0.5rem");
    expect(row?.style.getPropertyValue("justify-content")).toBe("space-between");
    expect(col?.classList.contains("dir-col")).toBe(true);
    expect(col?.style.getPropertyValue("padding-left")).toContain("1rem");
    expect(col?.style.getPropertyValue("background")).toContain("#eee");
    expect(box?.classList.contains("dir-row")).toBe(true);
    expect($(".w-spacer")).not.toBeNull();
    expect($("hr.w-divider.flush")).not.toBeNull();
    expect($(".w-transition").textContent).toContain("inside");
  });

  it("Form submit (Enter / submit button) collects values by name into the payload", () => {
    const { $, actions } = renderTree(
      card([
        {
          type: "Form",
          onSubmitAction: { type: "form.submit", payload: { source: "w" } },
          children: [
            { type: "Input", name: "trip.from", defaultValue: "BER" },
            { type: "Input", name: "trip.code", pattern: "[A-Z]{3}", defaultValue: "lowercase" },
            {
              type: "RadioGroup",
              name: "cls",
              options: [
                { label: "Eco", value: "eco" },
                { label: "Biz", value: "biz" },
              ],
              defaultValue: "biz",
            },
            { type: "Button", submit: true, label: "Go" },
          ],
        },
      ]),
    );
    const form = $<HTMLFormElement>("form");
    form.dispatchEvent(new Event("submit", { cancelable: true }));
    expect(actions).toHaveLength(0); // pattern mismatch blocks the submit
    $<HTMLInputElement>('input[name="trip.code"]').value = "TXL";
    $<HTMLButtonElement>('button[type="submit"]').click();
    expect(actions[0]?.action.type).toBe("form.submit");
    expect(actions[0]?.request.values).toEqual({ trip: { from: "BER", code: "TXL" }, cls: "biz" });
  });

  it("form value helpers nest dotted names and merge into the payload", () => {
    const target: Record<string, unknown> = {};
    setPath(target, "a.b.c", 1);
    setPath(target, "a.d", 2);
    expect(target).toEqual({ a: { b: { c: 1 }, d: 2 } });
    expect(mergePayload({ id: 1, a: { x: 0 } }, { a: { y: 1 } })).toEqual({
      id: 1,
      a: { x: 0, y: 1 },
    });
    const form = document.createElement("form");
    form.innerHTML =
      '<input name="x" value="1"><input name="skip" disabled value="2"><textarea name="t">hi</textarea>';
    expect(collectFormValues(form)).toEqual({ x: "1", t: "hi" });
  });
});
