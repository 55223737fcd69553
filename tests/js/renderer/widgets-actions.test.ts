import type { OpenAIChatKit } from "@openai/chatkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BUILTIN_TAG, defineBuiltinRenderer } from "../../../js/renderer/index";
import {
  baseOptions,
  ControlledStream,
  fakeFetch,
  jsonResponse,
  T0,
  threadJson,
  waitFor,
} from "./helpers";

type Chat = OpenAIChatKit & HTMLElement & { updateComplete: Promise<boolean> };

/** The widget item from the reference capture, plus a sync and a client-handled button. */
const widgetItem = {
  id: "msg_78ea73fb",
  thread_id: "thr_1",
  created_at: T0,
  type: "widget",
  widget: {
    type: "Card",
    children: [
      { id: "t", type: "Text", value: "hi" },
      {
        type: "Button",
        label: "Go",
        onClickAction: {
          type: "go",
          payload: { x: 1 },
          handler: "server",
          loadingBehavior: "auto",
          streaming: true,
        },
      },
      {
        type: "Button",
        label: "Sync",
        onClickAction: { type: "view", payload: { id: 7 }, streaming: false },
      },
      {
        type: "Button",
        label: "Local",
        onClickAction: { type: "local", payload: { y: 2 }, handler: "client" },
      },
    ],
  },
  copy_text: "hi",
};

async function mountWithWidget(extra: Parameters<typeof baseOptions>[1] = {}) {
  defineBuiltinRenderer();
  const el = document.createElement(BUILTIN_TAG) as Chat;
  document.body.append(el);
  let stream: ControlledStream | undefined;
  const { fetch, calls } = fakeFetch({
    "threads.get_by_id": () =>
      jsonResponse({ ...threadJson("thr_1"), items: { data: [widgetItem], has_more: false } }),
    "threads.custom_action": (request) => {
      stream = new ControlledStream(request.signal);
      return stream.response();
    },
    "threads.sync_custom_action": () =>
      jsonResponse({
        updated_item: {
          ...widgetItem,
          widget: { type: "Card", children: [{ type: "Text", value: "Updated" }] },
        },
      }),
  });
  el.setOptions(baseOptions(fetch, extra));
  await el.setThreadId("thr_1");
  await el.updateComplete;
  const buttons = () => [
    ...(el.shadowRoot as ShadowRoot).querySelectorAll<HTMLButtonElement>(".widget button"),
  ];
  return { el, calls, buttons, stream: () => stream };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("widget action routing", () => {
  it("server actions stream threads.custom_action and disable the clicked button meanwhile", async () => {
    const { el, calls, buttons, stream } = await mountWithWidget();
    buttons()[0]?.click();
    await waitFor(() => stream());
    expect(calls.at(-1)).toMatchObject({
      type: "threads.custom_action",
      params: {
        thread_id: "thr_1",
        item_id: "msg_78ea73fb",
        action: { type: "go", payload: { x: 1 } },
      },
    });
    await el.updateComplete;
    expect(buttons().map((b) => b.disabled)).toEqual([true, false, false]);
    stream()?.send({
      type: "thread.item.done",
      item: {
        ...widgetItem,
        widget: { type: "Card", children: [{ type: "Text", value: "Done" }] },
      },
    });
    stream()?.close();
    await waitFor(() => el.shadowRoot?.querySelector(".widget")?.textContent?.includes("Done"));
  });

  it("streaming:false actions use threads.sync_custom_action and apply updated_item", async () => {
    const { el, calls, buttons } = await mountWithWidget();
    buttons()[1]?.click();
    await waitFor(() => el.shadowRoot?.querySelector(".widget")?.textContent?.includes("Updated"));
    expect(calls.at(-1)).toMatchObject({
      type: "threads.sync_custom_action",
      params: {
        thread_id: "thr_1",
        item_id: "msg_78ea73fb",
        action: { type: "view", payload: { id: 7 } },
      },
    });
  });

  it("handler:client actions go to widgets.onAction only", async () => {
    const onAction = vi.fn(async () => undefined);
    const { calls, buttons } = await mountWithWidget({ widgets: { onAction } });
    const before = calls.length;
    buttons()[2]?.click();
    await waitFor(() => onAction.mock.calls.length === 1);
    expect(onAction).toHaveBeenCalledWith(
      { type: "local", payload: { y: 2 } },
      { id: "msg_78ea73fb", widget: widgetItem.widget },
    );
    expect(calls.length).toBe(before);
  });
});
