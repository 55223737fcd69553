/**
 * A small bundled icon set (24×24 stroke paths). Unknown names — including `lucide:*` and
 * `vendor:*` — render a neutral dot rather than fetching anything.
 */
import { html, type TemplateResult } from "lit";

const PATHS: Record<string, string> = {
  check: "M5 12l5 5L20 7",
  "check-circle": "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8 12l3 3 5-6",
  "check-circle-filled": "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8 12l3 3 5-6",
  info: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 11v5M12 8h.01",
  "circle-question":
    "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .8-1 1.5v.7M12 17h.01",
  search: "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-4-4",
  sparkle: "M12 3l2 6 6 2-6 2-2 6-2-6-6-2 6-2z",
  star: "M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z",
  "star-filled": "M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z",
  bolt: "M13 2L4 14h7l-1 8 9-12h-7z",
  calendar: "M4 6h16v14H4zM4 10h16M8 3v4M16 3v4",
  clock: "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2",
  globe:
    "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18",
  mail: "M3 6h18v12H3zM3 7l9 6 9-6",
  phone: "M5 4h4l2 5-3 2a11 11 0 0 0 5 5l2-3 5 2v4a2 2 0 0 1-2 2A17 17 0 0 1 3 6a2 2 0 0 1 2-2",
  plus: "M12 5v14M5 12h14",
  reload: "M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5",
  "external-link": "M14 4h6v6M20 4l-9 9M18 14v6H4V6h6",
  "chevron-left": "M15 6l-6 6 6 6",
  "chevron-right": "M9 6l6 6-6 6",
  document: "M6 3h8l4 4v14H6zM14 3v4h4",
  "page-blank": "M6 3h8l4 4v14H6zM14 3v4h4",
  user: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
  profile: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
  lightbulb:
    "M9 18h6M10 21h4M12 3a6 6 0 0 0-4 10.5c.6.6 1 1.5 1 2.5h6c0-1 .4-1.9 1-2.5A6 6 0 0 0 12 3z",
  "map-pin": "M12 21s-7-6-7-11a7 7 0 0 1 14 0c0 5-7 11-7 11zM12 12a2 2 0 1 0 0-4 2 2 0 0 0 0 4z",
  chart: "M4 20V4M4 20h16M8 16v-5M12 16V8M16 16v-3",
  analytics: "M4 20V4M4 20h16M8 16v-5M12 16V8M16 16v-3",
  settings: "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z",
  write: "M4 20h4L19 9l-4-4L4 16zM14 6l4 4",
  compose: "M4 20h4L19 9l-4-4L4 16zM14 6l4 4",
  history: "M12 21a9 9 0 1 0-9-9M3 12l-1-3M3 12l3-1M12 7v5l3 2",
  close: "M6 6l12 12M18 6L6 18",
  copy: "M8 8h12v12H8zM4 16V4h12",
  "thumbs-up":
    "M7 11v9H4v-9zM7 11l4-8a2 2 0 0 1 2 2v4h5a2 2 0 0 1 2 2.3l-1.3 6A2 2 0 0 1 16.7 20H7",
  "thumbs-down":
    "M7 13V4H4v9zM7 13l4 8a2 2 0 0 0 2-2v-4h5a2 2 0 0 0 2-2.3l-1.3-6A2 2 0 0 0 16.7 4H7",
  "arrow-up": "M12 19V5M5 12l7-7 7 7",
  stop: "M7 7h10v10H7z",
  trash: "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13",
};

const FILLED = new Set(["check-circle-filled", "star-filled", "stop"]);

export function hasIcon(name: string): boolean {
  return name in PATHS;
}

/** An inline SVG icon; `size` is a CSS length. */
export function icon(name: string | undefined, size = "1em"): TemplateResult {
  const path = name ? PATHS[name] : undefined;
  if (!path) {
    return html`<svg class="icon icon-dot" width=${size} height=${size} viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="4" fill="currentColor"></circle></svg>`;
  }
  const filled = name !== undefined && FILLED.has(name);
  return html`<svg class="icon" width=${size} height=${size} viewBox="0 0 24 24" aria-hidden="true" fill=${filled ? "currentColor" : "none"} stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${path}></path></svg>`;
}
