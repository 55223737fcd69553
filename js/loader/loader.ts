/**
 * What a notebook saves of a chat: this loader, a few KB, instead of the renderer (about 290 KB).
 * It asks the kernel for the renderer over the widget's comm, once per page and version (a second
 * chat or view on the page reuses the module), then hands every `initialize`/`render` to it.
 * Until the renderer is there the cell shows a placeholder; a saved notebook opened without its
 * kernel says to run the cell. The kernel also sends the renderer unasked with the first widget
 * a page shows (see ./assets.ts), saving that request's round trip.
 *
 * anywidget waits for `initialize` before it delivers any comm message to the model (and gives
 * up after 2 s), so `initialize` only sends the request; `render` is what waits.
 */
import type { AnyModel, AnyWidget, Initialize, Render } from "@anywidget/types";
import { fetchAsset, importBytes } from "./assets";

export interface LoaderConfig {
  /** Which export of the bundle this widget is: the chat (`default`), a widget preview, or the
   * playground's control panel (an export of its own bundle). */
  entry: "default" | "preview" | "playground";
  /** Identifies the bundle's bytes: a page keeps one module per version. */
  version: string;
  /** The bundle's file name, as the kernel serves it. */
  bundle: string;
}

type Definition = AnyWidget<Record<string, unknown>>;
type Widget = {
  initialize?: Initialize<Record<string, unknown>>;
  render?: Render<Record<string, unknown>>;
};
type Cleanup = () => void | Promise<void>;

/** Seconds of silence after which the placeholder says the cell must run (no kernel behind it). */
export const NO_KERNEL_AFTER_MS = 4000;
/** A load nobody answered this long may be on a dead comm: a newcomer then asks its own kernel. */
export const STALLED_AFTER_MS = 4000;

type Module = Record<string, unknown>;
type Importer = (parts: Uint8Array<ArrayBuffer>[]) => Promise<Module>;

/** One load of the bundle: whether any of it arrived yet, and the views waiting for it. */
export interface Load {
  module: Promise<Module>;
  progressed: boolean;
  views: Set<HTMLElement>;
}

/** The loads on this page, keyed by version: shared by every loader however often it is evaluated. */
export function pageModules(): Map<string, Load> {
  const g = globalThis as typeof globalThis & { __chatkitNotebookModules?: Map<string, Load> };
  g.__chatkitNotebookModules ??= new Map();
  return g.__chatkitNotebookModules;
}

/** Performance marks (`chatkit-notebook:bundle-*`), for the browser's profiler and benchmark B7. */
function mark(name: string): void {
  globalThis.performance?.mark?.(`chatkit-notebook:${name}`);
}

function startLoad(model: AnyModel, config: LoaderConfig, importer: Importer): Load {
  const modules = pageModules();
  const load: Load = { module: Promise.resolve({}), progressed: false, views: new Set() };
  mark("bundle-requested");
  load.module = fetchAsset(model, config.bundle, () => {
    load.progressed = true;
  })
    .then((parts) => {
      mark("bundle-received");
      return importer(parts);
    })
    .then((module) => {
      mark("bundle-evaluated");
      return module;
    });
  modules.set(config.version, load);
  load.module.catch(() => {
    if (modules.get(config.version) === load) modules.delete(config.version); // try again later
  });
  return load;
}

/**
 * A saved notebook's widgets come back without a kernel behind them: their request never gets an
 * answer. A load is worth waiting for when something arrived, or while a view that asked for it
 * is still on the page (when the cell runs again, its old output and view go away).
 */
function worthWaiting(load: Load): boolean {
  if (load.progressed || load.views.size === 0) return true;
  for (const view of load.views) if (view.isConnected) return true;
  return false;
}

/** The bundle for `model`: the page's load of this version, or a new one through this model. */
function loadFor(model: AnyModel, config: LoaderConfig, importer: Importer): Load {
  const existing = pageModules().get(config.version);
  if (!existing || !worthWaiting(existing)) return startLoad(model, config, importer);
  if (existing.progressed) return existing;
  const module = new Promise<Module>((resolve, reject) => {
    const ownLoad = () => startLoad(model, config, importer).module.then(resolve, reject);
    existing.module.then(resolve, ownLoad);
    setTimeout(() => {
      if (!existing.progressed && pageModules().get(config.version) === existing) void ownLoad();
    }, STALLED_AFTER_MS);
  });
  return { module, progressed: false, views: existing.views };
}

async function instantiate(definition: unknown): Promise<Widget> {
  const value =
    typeof definition === "function" ? await (definition as () => unknown)() : definition;
  if (!value || typeof value !== "object") {
    throw new Error("the chatkit-notebook bundle does not export this widget");
  }
  return value as Widget;
}

const PLACEHOLDER_STYLE =
  "font:13px/1.5 system-ui,sans-serif;color:#5d5d5d;border:1px dashed #c8c8c8;" +
  "border-radius:12px;padding:14px 16px;margin:4px 0;display:flex;gap:10px;align-items:center";

/** The cell's content until the renderer runs: loading, then why it does not come. */
function placeholder(el: HTMLElement, entry: LoaderConfig["entry"]) {
  const box = document.createElement("div");
  box.dataset.testid = "chatkit-loader";
  box.setAttribute("role", "status");
  box.setAttribute("style", PLACEHOLDER_STYLE);
  const text = document.createElement("span");
  box.append(text);
  const what = { default: "chat", preview: "widget preview", playground: "playground" }[entry];
  const show = (state: "loading" | "no-kernel" | "error", message: string) => {
    box.dataset.state = state;
    text.textContent = message;
  };
  show("loading", `Loading the ${what}…`);
  el.replaceChildren(box);
  return {
    noKernel: () =>
      show(
        "no-kernel",
        `Run the cell to start this ${what}. (It needs its kernel; if the kernel is busy, the ${what} appears when it is free.)`,
      ),
    failed: (error: unknown) =>
      show(
        "error",
        `The ${what} could not load: ${error instanceof Error ? error.message : error}`,
      ),
  };
}

/**
 * The anywidget definition saved in a notebook: one instance per widget model. `importer`
 * evaluates the received bundle (a blob: URL import, as anywidget does with `_esm`).
 */
export function createLoader(
  config: LoaderConfig,
  importer: Importer = (parts) => importBytes(parts),
): Definition {
  return () => {
    let widget: Promise<Widget> | null = null;
    let load: Load | null = null;
    let cleanup: Cleanup | undefined;
    let disposed = false;
    return {
      initialize(props) {
        const { model } = props;
        load = loadFor(model, config, importer);
        widget = load.module.then(async (module) => {
          const instance = await instantiate(module[config.entry]);
          if (disposed) return instance;
          const result = await instance.initialize?.(props);
          if (typeof result === "function") cleanup = result as Cleanup;
          return instance;
        });
        widget.catch(() => undefined); // reported by render
        return () => {
          disposed = true;
          return cleanup?.();
        };
      },
      async render(props) {
        const { el } = props;
        const shown = placeholder(el, config.entry);
        const silence = setTimeout(shown.noKernel, NO_KERNEL_AFTER_MS);
        load?.views.add(el);
        let instance: Widget;
        try {
          if (!widget) throw new Error("render() ran before initialize()");
          instance = await widget;
        } catch (error) {
          console.warn("[chatkit-notebook]", error);
          shown.failed(error);
          return;
        } finally {
          clearTimeout(silence);
          load?.views.delete(el);
        }
        el.replaceChildren();
        return instance.render?.(props);
      },
    };
  };
}
