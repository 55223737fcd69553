// anywidget entry. The factory runs once per model: `initialize` opens the comm-backed RPC client
// (one msg:custom listener per model), `render` mounts one view per display of the widget.

import type { AnyWidget } from "@anywidget/types";
import type { ChatKitModel } from "./model";
import { RpcClient } from "./rpc";
import { ChatView } from "./view";

const widget: AnyWidget<ChatKitModel> = () => {
  let rpc: RpcClient | null = null;
  return {
    initialize({ model }) {
      rpc = new RpcClient(model);
      return () => {
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
