import "./renderer/happy-dom-shims";
import { afterEach, describe, expect, it, vi } from "vitest";
import { definePreview, PREVIEW_TAG, type WidgetPreviewElement } from "../../js/preview/element";
import type { WidgetRootWire } from "../../js/renderer/protocol/types";

const CARD = {
  type: "Card",
  children: [
    { type: "Title", value: "Order 42" },
    { type: "Button", label: "Approve", onClickAction: { type: "approve", payload: { id: 42 } } },
  ],
} as unknown as WidgetRootWire;

function clickButton(element: WidgetPreviewElement): void {
  const button = element.shadowRoot?.querySelector("button");
  if (!button) throw new Error("the preview has no button");
  button.click();
}

async function mount(root: WidgetRootWire) {
  definePreview();
  const element = document.createElement(PREVIEW_TAG) as WidgetPreviewElement;
  element.root = root;
  document.body.appendChild(element);
  await element.updateComplete;
  return element;
}

afterEach(() => document.body.replaceChildren());

describe("widget preview", () => {
  it("renders the root and sends its actions", async () => {
    const element = await mount(CARD);
    const onAction = vi.fn().mockResolvedValue(undefined);
    element.onAction = onAction;
    expect(element.shadowRoot?.textContent).toContain("Order 42");
    clickButton(element);
    await vi.waitFor(() => expect(onAction).toHaveBeenCalledOnce());
    expect(onAction.mock.calls[0]?.[0]).toMatchObject({ type: "approve", payload: { id: 42 } });
  });

  it("shows why an action failed", async () => {
    const element = await mount(CARD);
    element.onAction = () => Promise.reject(new Error("no such order"));
    clickButton(element);
    await vi.waitFor(() =>
      expect(element.shadowRoot?.querySelector("[data-testid=preview-error]")?.textContent).toBe(
        "no such order",
      ),
    );
  });

  it("re-renders when the root is replaced", async () => {
    const element = await mount(CARD);
    element.root = {
      type: "Card",
      children: [{ type: "Text", value: "Approved" }],
    } as unknown as WidgetRootWire;
    await element.updateComplete;
    expect(element.shadowRoot?.textContent).toContain("Approved");
    expect(element.shadowRoot?.textContent).not.toContain("Order 42");
  });
});
