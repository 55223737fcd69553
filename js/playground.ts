// anywidget entry of the playground's control column (`chat.playground()`, `chat.theme_editor()`):
// the model's state goes to <chatkit-notebook-playground>, its edits go to the kernel.

import type { AnyWidget } from "@anywidget/types";
import { definePlayground, PLAYGROUND_TAG, type PlaygroundElement } from "./playground/element";
import type { PlaygroundModel } from "./playground/types";

const STATE_KEYS = [
  "theme",
  "options",
  "follow_jupyter_theme",
  "errors",
  "warnings",
  "snippets",
  "preset",
  "can_undo",
  "applied",
] as const;
const LAYOUT_KEYS = ["controls", "sections", "presets", "compact"] as const;

const playground: AnyWidget<PlaygroundModel> = () => ({
  render({ model, el }) {
    definePlayground();
    const element = document.createElement(PLAYGROUND_TAG) as PlaygroundElement;
    element.connect((frame) => model.send(frame), model.get("applied"));
    const sync = () => {
      element.controls = model.get("controls");
      element.sections = model.get("sections");
      element.presets = model.get("presets");
      element.compact = model.get("compact");
      element.state = {
        theme: model.get("theme"),
        options: model.get("options"),
        follow_jupyter_theme: model.get("follow_jupyter_theme"),
        errors: model.get("errors"),
        warnings: model.get("warnings"),
        snippets: model.get("snippets"),
        preset: model.get("preset"),
        can_undo: model.get("can_undo"),
        applied: model.get("applied"),
      };
    };
    sync();
    const events = [...STATE_KEYS, ...LAYOUT_KEYS].map((key) => `change:${key}`);
    for (const event of events) model.on(event, sync);
    el.replaceChildren(element);
    return () => {
      for (const event of events) model.off(event, sync);
      element.remove();
    };
  },
});

// The loader the panel saves runs this export (entry "playground" in chatkit_notebook/bridge/bundle.py).
export { playground };
