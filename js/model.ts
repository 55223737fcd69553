// The synced traitlets of chatkit_notebook.widget.ChatKit, as the view sees them.

import type { ThemeOption } from "@openai/chatkit";

export type Renderer = "auto" | "builtin" | "chatkit";

export interface ChatKitModel {
  [key: string]: unknown;
  options: Record<string, unknown>;
  theme: "light" | "dark" | ThemeOption;
  height: number | string;
  thread_id: string | null;
  is_responding: boolean;
  ready: boolean;
  domain_key: string;
  renderer: Renderer;
  active_renderer: string | null;
  renderer_notice: string;
  script_url: string;
  script_timeout: number;
  follow_jupyter_theme: boolean;
  _callback_slots: string[];
  _forwarded_events: string[];
}
