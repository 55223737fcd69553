/** Everything a view template needs; built once per render by the element. */
import type { ChatKitOptions } from "@openai/chatkit";
import type { ChatController } from "../controller";
import type { Translate } from "../i18n";
import type { ImageDomains } from "../url-safety";

export interface ViewContext {
  controller: ChatController;
  options: ChatKitOptions;
  t: Translate;
  colorScheme: "light" | "dark";
  /** The open thread's `allowed_image_domains` (undefined: every host may serve images). */
  imageDomains: ImageDomains;
  /** Thread being renamed in the history panel (view-only state). */
  renamingThreadId: string | null;
  setRenaming(threadId: string | null): void;
  /** Runs a controller call from a UI handler, reporting failures as `chatkit.error`. */
  run(task: () => Promise<unknown> | unknown): void;
}
