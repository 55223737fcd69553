// The anywidget definition of `chatkit_notebook.show(widget)` (exported by the renderer bundle,
// js/widget.ts): one widget root, its actions sent to Python.

import type { AnyWidget } from "@anywidget/types";
import type { ThemeOption } from "@openai/chatkit";
import { fetchAsset } from "./loader/assets";
import { definePreview, PREVIEW_TAG, type WidgetPreviewElement } from "./preview/element";
import { addAssetSource } from "./renderer/assets";
import type { WidgetRootWire } from "./renderer/protocol/types";
import { RpcClient } from "./rpc";

interface PreviewModel {
  [key: string]: unknown;
  widget: WidgetRootWire;
  theme: "light" | "dark" | ThemeOption;
}

const preview: AnyWidget<PreviewModel> = () => {
  let rpc: RpcClient | null = null;
  return {
    initialize({ model }) {
      rpc = new RpcClient(model);
      const removeSource = addAssetSource((name) => fetchAsset(model, name));
      return () => {
        removeSource();
        rpc?.dispose();
      };
    },
    render({ model, el }) {
      definePreview();
      const element = document.createElement(PREVIEW_TAG) as WidgetPreviewElement;
      const sync = () => {
        element.root = model.get("widget");
        element.theme = model.get("theme");
      };
      element.onAction = async (action) => {
        if (!rpc) throw new Error("the widget preview is not connected to the kernel");
        await rpc.callback("widgets.onAction", [action, { id: "preview", widget: element.root }]);
      };
      sync();
      model.on("change:widget", sync);
      model.on("change:theme", sync);
      el.replaceChildren(element);
      return () => {
        model.off("change:widget", sync);
        model.off("change:theme", sync);
        element.remove();
      };
    },
  };
};

export default preview;
