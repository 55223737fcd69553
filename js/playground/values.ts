// Reading the chat's configuration at a control's key, and the messages that belong to it.

import type { ControlSpec, PlaygroundState } from "./types";

type Json = Record<string, unknown>;

/** The value at the control's key (`theme.<path>`, `options.<path>`), undefined when left out. */
export function valueAt(state: PlaygroundState, id: string): unknown {
  const [target, ...path] = id.split(".");
  if (target === "follow_jupyter_theme") return state.follow_jupyter_theme;
  let node: unknown =
    target === "theme"
      ? typeof state.theme === "string"
        ? { colorScheme: state.theme }
        : state.theme
      : state.options;
  for (const key of path) {
    if (node === null || typeof node !== "object" || !(key in (node as Json))) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** What a control shows: its value, or ChatKit's default when the key is left out. */
export function shownValue(state: PlaygroundState, control: ControlSpec): unknown {
  const value = valueAt(state, control.id);
  if (control.kind === "present") return value !== undefined;
  return value === undefined ? control.default : value;
}

/** Whether a control is visible: its `shown_if` control is on (or has a value). */
export function isShown(state: PlaygroundState, control: ControlSpec): boolean {
  if (!control.shown_if) return true;
  const value = valueAt(state, control.shown_if);
  return value !== undefined && value !== false && value !== "";
}

/** `#rrggbb` for the colour picker (which takes nothing else), or null for other colour forms. */
export function pickerHex(value: unknown): string | null {
  if (typeof value !== "string") return null;
  if (/^#[0-9a-f]{6}$/i.test(value)) return value.toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(value);
  return short
    ? `#${short
        .slice(1)
        .map((c) => c + c)
        .join("")}`.toLowerCase()
    : null;
}

/** Messages of one list item, from lines such as `options.startScreen.prompts[1].icon: ...`. */
export function itemErrors(message: string | undefined, id: string): Map<number, string[]> {
  const byItem = new Map<number, string[]>();
  if (!message) return byItem;
  const prefix = `${id}[`;
  for (const line of message.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    const index = Number.parseInt(line.slice(prefix.length), 10);
    if (Number.isNaN(index)) continue;
    byItem.set(index, [...(byItem.get(index) ?? []), line.slice(id.length)]);
  }
  return byItem;
}
