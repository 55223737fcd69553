/** Public entry of the builtin renderer (used by js/widget.ts). */
import { ChatKitNotebookChat } from "./element";

export const BUILTIN_TAG = "chatkit-notebook-chat";

/** Registers the element once; safe when the bundle is evaluated several times per page. */
export function defineBuiltinRenderer(): void {
  if (!customElements.get(BUILTIN_TAG)) customElements.define(BUILTIN_TAG, ChatKitNotebookChat);
}

export { ChatKitNotebookChat };
