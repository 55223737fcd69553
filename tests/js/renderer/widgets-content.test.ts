import { afterEach, describe, expect, it } from "vitest";
import { card, renderTree } from "./widget-helpers";

afterEach(() => {
  document.body.innerHTML = "";
});

describe("content family: Badge, Icon, Image", () => {
  it("Badge renders label, tone and variant", () => {
    const { $ } = renderTree(
      card([{ type: "Badge", label: "New", color: "success", variant: "outline", pill: true }]),
    );
    const badge = $(".w-badge");
    expect(badge.textContent).toBe("New");
    expect([...badge.classList]).toEqual(
      expect.arrayContaining(["tone-success", "variant-outline", "pill"]),
    );
  });

  it("known icons render a path; unknown names render a neutral dot", () => {
    const { $$ } = renderTree(
      card([
        { type: "Icon", name: "check", size: "lg" },
        { type: "Icon", name: "lucide:banana" },
      ]),
    );
    const [known, unknown] = $$(".w-icon svg");
    expect(known?.querySelector("path")).not.toBeNull();
    expect(known?.getAttribute("width")).toBe("20px");
    expect(unknown?.classList.contains("icon-dot")).toBe(true);
  });

  it("Image loads only http(s) and data:image sources", () => {
    const { $$ } = renderTree(
      card([
        { type: "Image", src: "https://example.com/a.png", alt: "a", radius: "md", fit: "contain" },
        { type: "Image", src: "data:image/png;base64,AAAA", alt: "b" },
        { type: "Image", src: "javascript:alert(1)", alt: "c" },
        { type: "Image", src: "data:text/html;base64,PHNjcmlwdD4=", alt: "d" },
      ]),
    );
    const images = $$(".w-image");
    expect(images.map((i) => i.tagName)).toEqual(["IMG", "IMG", "DIV", "DIV"]);
    expect(images[0]?.style.getPropertyValue("border-radius")).toBe("8px");
    expect(images[0]?.style.getPropertyValue("object-fit")).toBe("contain");
    expect(images[2]?.classList.contains("blocked")).toBe(true);
    expect(images[2]?.getAttribute("aria-label")).toBe("c");
  });
});
