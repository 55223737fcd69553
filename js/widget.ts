// The renderer bundle (chatkit_notebook/static/widget.js), loaded into the page by the small
// loader each widget saves (js/loader). Its default export is the chat's anywidget definition, a
// factory run once per model: `initialize` opens the comm-backed RPC client (one msg:custom
// listener per model), `render` mounts one view per display. `preview` is `chatkit_notebook.show`.

import type { AnyWidget } from "@anywidget/types";
import { fetchAsset } from "./loader/assets";
import type { ChatKitModel } from "./model";
import { addAssetSource } from "./renderer/assets";
import { RpcClient } from "./rpc";
import { ChatView } from "./view";

export { default as preview } from "./preview";

const widget: AnyWidget<ChatKitModel> = () => {
  let rpc: RpcClient | null = null;
  return {
    initialize({ model }) {
      rpc = new RpcClient(model);
      const removeSource = addAssetSource((name) => fetchAsset(model, name));
      return () => {
        removeSource();
        rpc?.dispose();
        rpc = null;
      };
    },
    async render({ model, el }) {
      if (!rpc) throw new Error("chatkit-notebook: render() ran before initialize()");
      const view = new ChatView({ model, el, rpc });
      try {
        await view.mount();
      } catch (error) {
        console.warn("[chatkit-notebook]", error); // the view already shows a notice
      }
      return () => view.dispose();
    },
  };
};

export default widget;
