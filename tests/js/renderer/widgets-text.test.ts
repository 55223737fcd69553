import { afterEach, describe, expect, it } from "vitest";
import { card, renderTree } from "./widget-helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("text family: Text, Title, Caption, Markdown, Label", () => {
  it("renders values as text, never as HTML", () => {
    const { $ } = renderTree(
      card([
        { type: "Title", value: "<b>T</b>", size: "2xl", weight: "bold" },
        {
          type: "Text",
          value: "<img src=x onerror=alert(1)>",
          italic: true,
          color: "secondary",
          maxLines: 2,
        },
        { type: "Caption", value: "cap", size: "sm" },
        { type: "Label", value: "Name", fieldName: "name" },
      ]),
    );
    expect($(".w-title").textContent).toBe("<b>T</b>");
    expect($(".w-title").style.getPropertyValue("font-size")).toBe("1.75em");
    expect($(".w-text img")).toBeNull();
    expect($(".w-text").textContent).toBe("<img src=x onerror=alert(1)>");
    expect($(".w-text").style.getPropertyValue("font-style")).toBe("italic");
    expect($(".w-text").style.getPropertyValue("color")).toContain("--ck-muted");
    expect($(".w-caption").textContent).toBe("cap");
    expect($("label.w-label").getAttribute("for")).toBe("name");
  });

  it("streaming Text and Markdown get the streaming marker; Markdown is sanitised", () => {
    const { $ } = renderTree(
      card([
        { type: "Text", id: "t", value: "partial", streaming: true },
        {
          type: "Markdown",
          id: "md",
          value: "**bold** <script>alert(1)</script> [x](javascript:alert(1))",
          streaming: true,
        },
      ]),
    );
    expect($(".w-text").classList.contains("streaming")).toBe(true);
    expect($(".w-markdown strong").textContent).toBe("bold");
    expect($(".w-markdown script")).toBeNull();
    expect($(".w-markdown a")?.getAttribute("href")).toBeNull();
  });

  it("editable Text becomes a named input", () => {
    const { $ } = renderTree(
      card([{ type: "Text", value: "Ada", editable: { name: "person.name", required: true } }]),
    );
    const input = $<HTMLInputElement>('input[name="person.name"]');
    expect(input.value).toBe("Ada");
    expect(input.required).toBe(true);
  });
});
