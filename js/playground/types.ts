// The synced traits of chatkit_notebook.design.playground.ControlPanel and its messages.

import type { ThemeOption } from "@openai/chatkit";

export type ControlKind =
  | "segmented"
  | "select"
  | "toggle"
  | "present"
  | "color"
  | "slider"
  | "number"
  | "text"
  | "textarea"
  | "list"
  | "mapping";

/** One control, as declared in `design/playground/controls.py`. */
export interface ControlSpec {
  id: string;
  kind: ControlKind;
  label: string;
  /** The panel section it belongs to (list item fields have none). */
  section?: string;
  default?: unknown;
  choices?: Array<string | number>;
  min?: number;
  max?: number;
  step?: number;
  scale?: number;
  fields?: ControlSpec[];
  template?: Record<string, unknown>;
  empty?: "keep" | "omit_parent";
  shown_if?: string;
  help?: string;
  placeholder?: string;
  suggestions?: string[];
}

export type Snippets = { python?: string; js?: string; react?: string };

export interface PlaygroundModel {
  [key: string]: unknown;
  controls: ControlSpec[];
  sections: string[];
  presets: Record<string, ThemeOption>;
  compact: boolean;
  theme: "light" | "dark" | ThemeOption;
  options: Record<string, unknown>;
  follow_jupyter_theme: boolean;
  errors: Record<string, string>;
  warnings: string[];
  snippets: Snippets;
  preset: string;
  can_undo: boolean;
  applied: number;
}

/** What the panel reads from the model (everything but the layout). */
export type PlaygroundState = Pick<
  PlaygroundModel,
  | "theme"
  | "options"
  | "follow_jupyter_theme"
  | "errors"
  | "warnings"
  | "snippets"
  | "preset"
  | "can_undo"
  | "applied"
>;

export type PanelFrame =
  | { type: "set"; id: string; value: unknown; seq: number; final: boolean }
  | { type: "undo" }
  | { type: "reset" }
  | { type: "preset"; name: string };
