// Builds the full ChatKitOptions object from the synced traits: `setOptions` replaces rather than
// merges, so every change re-sends everything, with the comm-backed `api.fetch`.

import type { ChatKitOptions } from "@openai/chatkit";
import type { ChatKitModel } from "./model";

/** ChatKit never requests this URL: the comm-backed fetch answers every call. */
export const API_URL = "/chatkit";

type ModelState = Pick<ChatKitModel, "options" | "theme" | "thread_id" | "domain_key">;

export function buildOptions(state: ModelState, fetch: typeof globalThis.fetch): ChatKitOptions {
  const json = state.options as Partial<ChatKitOptions>;
  return {
    ...json,
    theme: state.theme,
    // The open thread survives every setOptions call; the user's initialThread applies only
    // while no thread has been opened yet.
    initialThread: state.thread_id ?? json.initialThread ?? null,
    api: { url: API_URL, domainKey: state.domain_key, fetch },
  };
}

/** A stable key of the JSON part, so unchanged options are not re-applied. */
export function optionsKey(options: ChatKitOptions): string {
  return JSON.stringify(options, (key, value) => (key === "fetch" ? undefined : value));
}
