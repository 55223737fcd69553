// The chat page of `asgi_app(chat, ui=True)`: the builtin renderer talking to the served ChatKit
// endpoint with a real `fetch` (HTTP + SSE), the options the server embedded in the page, and
// the Python callbacks (client tools, widget actions, entity search, header buttons) as
// `POST {path}/callbacks`. A plain ESM file with everything bundled: nothing else is loaded.

import type { ChatKitOptions, OpenAIChatKit } from "@openai/chatkit";
import { CallbackWrappers } from "./callbacks";
import { addAssetSource, setModuleImporter } from "./renderer/assets";
import { BUILTIN_TAG, defineBuiltinRenderer } from "./renderer/index";

export type PageConfig = {
  /** The ChatKit endpoint, e.g. "/prefix/chatkit". */
  api: string;
  /** Where the renderer's parts loaded on first use (grammars, KaTeX) are served, e.g. "/static/". */
  assets: string;
  /** Where the page's callback slots are answered by Python. */
  callbacks: string;
  /** `chat.export_options()` without `api`: functions are stubs the wrappers replace. */
  options: Record<string, unknown>;
  /** Dotted paths into the options that are Python functions. */
  slots: string[];
};

const CONFIG_ID = "chatkit-notebook-config";
const THREAD_PARAM = "thread";

export function readConfig(doc: Document = document): PageConfig {
  const text = doc.getElementById(CONFIG_ID)?.textContent;
  if (!text) throw new Error(`the page has no #${CONFIG_ID} configuration`);
  return JSON.parse(text) as PageConfig;
}

/** Calls the Python function behind one callback slot; its JSON result, or an Error. */
export async function callPython(url: string, slot: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ slot, args }),
  });
  const body = (await response.json().catch(() => null)) as {
    error?: { message?: string };
  } | null;
  if (!response.ok) {
    throw new Error(body?.error?.message ?? `${slot} failed with status ${response.status}`);
  }
  return body;
}

/** The open thread lives in the URL (`#thread=<id>`), so a reload or a shared link reopens it. */
export function threadFromLocation(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, "")).get(THREAD_PARAM);
}

function rememberThread(threadId: string | null): void {
  const hash = threadId ? `#${THREAD_PARAM}=${encodeURIComponent(threadId)}` : "";
  history.replaceState(null, "", `${location.pathname}${location.search}${hash}`);
}

export function buildPageOptions(config: PageConfig, callbacks: CallbackWrappers): ChatKitOptions {
  const options = callbacks.install(config.options, config.slots) as Partial<ChatKitOptions>;
  return {
    ...options,
    initialThread: threadFromLocation(location.hash) ?? options.initialThread ?? null,
    api: {
      url: config.api,
      domainKey: "",
      fetch: (input, init) => fetch(input, init),
      // attachments.create answers with this server's upload URL
      uploadStrategy: { type: "two_phase" },
    },
  } as ChatKitOptions;
}

/**
 * Grammars and KaTeX come from this server, not a kernel; modules are imported by their
 * same-origin URL, which the page's Content-Security-Policy allows (a blob: import it would not).
 */
export function serveAssetsOverHttp(base: string): void {
  addAssetSource(async (name) => {
    const response = await fetch(`${base}${name}`);
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    return [new Uint8Array(await response.arrayBuffer())];
  });
  setModuleImporter((name) => import(/* @vite-ignore */ `${base}${name}`));
}

function mount(): void {
  const config = readConfig();
  // CSSOM, not a <style> element: the page's Content-Security-Policy allows no inline styles.
  Object.assign(document.documentElement.style, { height: "100%" });
  Object.assign(document.body.style, { height: "100%", margin: "0" });
  const failure = document.createElement("div");
  failure.setAttribute("role", "alert");
  failure.hidden = true;
  Object.assign(failure.style, {
    font: "12px/1.4 system-ui, sans-serif",
    color: "#b42318",
    padding: "4px 8px",
  });
  const callbacks = new CallbackWrappers(
    (slot, args) => callPython(config.callbacks, slot, args),
    (slot, error) => {
      failure.textContent = `${slot} failed: ${error instanceof Error ? error.message : error}`;
      failure.hidden = false;
    },
  );
  serveAssetsOverHttp(config.assets);
  defineBuiltinRenderer();
  const element = document.createElement(BUILTIN_TAG) as unknown as OpenAIChatKit;
  Object.assign(element.style, { display: "block", height: "100%", width: "100%" });
  element.addEventListener("chatkit.thread.change", (event) => {
    rememberThread((event as CustomEvent<{ threadId: string | null }>).detail.threadId);
  });
  document.body.replaceChildren(failure, element);
  element.setOptions(buildPageOptions(config, callbacks));
}

if (typeof document !== "undefined" && document.getElementById(CONFIG_ID)) mount();
