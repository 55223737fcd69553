// Builds the full ChatKitOptions object from the synced traits: `setOptions` replaces rather than
// merges, so every change re-sends everything, with the comm-backed `api.fetch`.

import type { ChatKitOptions, ColorScheme, ThemeOption } from "@openai/chatkit";
import type { CallbackWrappers } from "./callbacks";
import type { ChatKitModel } from "./model";

/** ChatKit never requests this URL: the comm-backed fetch answers every call. */
export const API_URL = "/chatkit";

type ModelState = Pick<
  ChatKitModel,
  "options" | "theme" | "thread_id" | "domain_key" | "_callback_slots"
>;

export type Environment = {
  fetch: typeof globalThis.fetch;
  callbacks: CallbackWrappers;
  /** JupyterLab's light/dark theme when `follow_jupyter_theme` is on, else null. */
  jupyterScheme: ColorScheme | null;
};

export function buildOptions(state: ModelState, env: Environment): ChatKitOptions {
  const json = env.callbacks.install(
    state.options,
    state._callback_slots,
  ) as Partial<ChatKitOptions>;
  return {
    ...json,
    theme: withScheme(state.theme, env.jupyterScheme),
    // The open thread survives every setOptions call; the user's initialThread applies only
    // while no thread has been opened yet.
    initialThread: state.thread_id ?? json.initialThread ?? null,
    api: {
      url: API_URL,
      domainKey: state.domain_key,
      fetch: env.fetch,
      // attachments.create answers with an upload URL the comm-backed fetch recognises
      uploadStrategy: { type: "two_phase" },
    },
  };
}

function withScheme(theme: ColorScheme | ThemeOption, scheme: ColorScheme | null) {
  if (scheme === null) return theme;
  return typeof theme === "string" ? scheme : { ...theme, colorScheme: scheme };
}

/** A stable key of the JSON part, so unchanged options are not re-applied. */
export function optionsKey(options: ChatKitOptions): string {
  return JSON.stringify(options, (_key, value) => (typeof value === "function" ? "ƒ" : value));
}
