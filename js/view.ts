// One view of the chat: mounts a renderer (official or builtin) and keeps it in step with the
// model. Renderers are driven only through the <openai-chatkit> element interface.

import type { AnyModel } from "@anywidget/types";
import type { ChatKitEvents, ColorScheme, OpenAIChatKit } from "@openai/chatkit";
import { CallbackWrappers, toJson } from "./callbacks";
import type { CallFrame, ViewState } from "./frames";
import type { ChatKitModel, Renderer } from "./model";
import { createOfficialElement, loadOfficialElement } from "./official";
import { buildOptions, optionsKey } from "./options";
import { BUILTIN_TAG, defineBuiltinRenderer } from "./renderer/index";
import type { RpcClient } from "./rpc";

type Model = AnyModel<ChatKitModel>;

export type ViewProps = { model: Model; el: HTMLElement; rpc: RpcClient };

const EVENT_NAMES: Array<keyof ChatKitEvents> = [
  "chatkit.ready",
  "chatkit.error",
  "chatkit.effect",
  "chatkit.deeplink",
  "chatkit.log",
  "chatkit.response.start",
  "chatkit.response.end",
  "chatkit.history.open",
  "chatkit.history.close",
  "chatkit.thread.change",
  "chatkit.thread.load.start",
  "chatkit.thread.load.end",
  "chatkit.tool.change",
];

/** The element methods Python may call (`chat.send_message(...)` and friends). */
const CALLABLE_METHODS = new Set([
  "sendUserMessage",
  "setComposerValue",
  "setThreadId",
  "sendCustomAction",
  "focusComposer",
  "fetchUpdates",
  "showHistory",
  "hideHistory",
]);

let viewCounter = 0;

/** JupyterLab marks its theme on <body data-jp-theme-light="true|false">. */
function jupyterScheme(): ColorScheme | null {
  const light = document.body.dataset.jpThemeLight;
  if (light === undefined) return null;
  return light === "false" ? "dark" : "light";
}

function cssLength(height: number | string): string {
  return typeof height === "number" ? `${height}px` : height;
}

function waitForReady(element: HTMLElement, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`it did not report ready within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (event: Event) => {
      cleanup();
      const detail = (event as ChatKitEvents["chatkit.error"]).detail;
      reject(new Error(`it reported an error: ${detail?.error?.message ?? "unknown"}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      element.removeEventListener("chatkit.ready", onReady);
      element.removeEventListener("chatkit.error", onError);
    };
    element.addEventListener("chatkit.ready", onReady);
    element.addEventListener("chatkit.error", onError);
  });
}

export class ChatView {
  private readonly model: Model;
  private readonly rpc: RpcClient;
  private readonly host: HTMLDivElement;
  private readonly notice: HTMLDivElement;
  private element: OpenAIChatKit | null = null;
  private appliedKey = "";
  private applyQueued = false;
  private currentThread: string | null;
  private readonly disposers: Array<() => void> = [];
  private readonly viewId: string;
  private readonly callbacks: CallbackWrappers;
  private readonly fetch: typeof globalThis.fetch;
  private readonly status: HTMLDivElement;
  private readonly failure: HTMLDivElement;
  private failureTimer: ReturnType<typeof setTimeout> | undefined;

  constructor({ model, el, rpc }: ViewProps) {
    this.model = model;
    this.rpc = rpc;
    viewCounter += 1;
    this.viewId = `${globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2)}-${viewCounter}`;
    this.fetch = rpc.fetchAs(this.viewId);
    this.callbacks = new CallbackWrappers(
      (slot, args) => rpc.callback(slot, args),
      (slot, error) => this.showFailure(slot, error),
    );
    this.currentThread = model.get("thread_id");
    el.classList.add("chatkit-notebook");
    this.notice = document.createElement("div");
    this.notice.className = "chatkit-notebook-notice";
    this.notice.setAttribute("role", "status");
    this.notice.hidden = true;
    Object.assign(this.notice.style, {
      font: "12px/1.4 system-ui, sans-serif",
      opacity: "0.75",
      padding: "2px 0 4px",
    });
    this.status = document.createElement("div");
    this.status.className = "chatkit-notebook-status";
    this.status.setAttribute("role", "status");
    this.status.hidden = true;
    this.status.style.cssText = this.notice.style.cssText;
    this.failure = document.createElement("div");
    this.failure.className = "chatkit-notebook-failure";
    this.failure.setAttribute("role", "alert");
    this.failure.hidden = true;
    this.failure.style.cssText = `${this.notice.style.cssText};color:#b42318;opacity:1`;
    this.host = document.createElement("div");
    this.host.className = "chatkit-notebook-host";
    this.host.style.position = "relative";
    el.replaceChildren(this.notice, this.status, this.failure, this.host);
    this.applyHeight();
  }

  async mount(): Promise<void> {
    const requested = this.model.get("renderer");
    const element = await this.mountRenderer(requested);
    this.element = element;
    this.wireModel();
    this.followJupyterTheme();
    this.disposers.push(this.rpc.serveCalls(this.viewId, (frame) => void this.answer(frame)));
    this.disposers.push(this.rpc.onWaitingChange((waiting) => this.showWaiting(waiting)));
    this.disposers.push(
      this.rpc.onThreadWritten((threadId, origin) => {
        if (origin === this.viewId || threadId !== this.currentThread) return;
        void this.element?.fetchUpdates().catch((error: unknown) => {
          console.warn("[chatkit-notebook] could not refresh the thread", error);
        });
      }),
    );
    this.applyOptions();
  }

  dispose(): void {
    clearTimeout(this.failureTimer);
    for (const dispose of this.disposers.splice(0)) dispose();
    this.element?.remove();
    this.element = null;
  }

  private async mountRenderer(requested: Renderer): Promise<OpenAIChatKit> {
    if (requested === "builtin") return this.mountBuiltin("");
    try {
      return await this.mountOfficial();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (requested === "chatkit") {
        this.showNotice(
          `The official ChatKit component could not start: ${reason}. ` +
            `Use ChatKit(renderer="builtin") to chat without it.`,
        );
        throw error;
      }
      return this.mountBuiltin(
        `Using the builtin renderer: the official ChatKit component ${reason}.`,
      );
    }
  }

  private async mountOfficial(): Promise<OpenAIChatKit> {
    const timeoutMs = this.model.get("script_timeout") * 1000;
    try {
      await loadOfficialElement(this.model.get("script_url"), timeoutMs);
    } catch (error) {
      throw new Error(`could not be loaded (${(error as Error).message})`);
    }
    const element = createOfficialElement() as OpenAIChatKit;
    const ready = waitForReady(element, timeoutMs);
    this.attach(element, "chatkit");
    try {
      await ready;
    } catch (error) {
      this.detach(element);
      throw error;
    }
    return element;
  }

  private mountBuiltin(notice: string): OpenAIChatKit {
    defineBuiltinRenderer();
    const element = document.createElement(BUILTIN_TAG) as unknown as OpenAIChatKit;
    this.attach(element, "builtin");
    this.showNotice(notice);
    return element;
  }

  /** Styles, event wiring and first options, before any ready event can fire. */
  private attach(element: OpenAIChatKit, kind: "chatkit" | "builtin"): void {
    element.style.display = "block";
    element.style.height = "100%";
    element.style.width = "100%";
    const listeners = this.listenTo(element);
    element.dataset.chatkitNotebookRenderer = kind;
    this.host.appendChild(element);
    this.element = element;
    this.applyOptions(true);
    this.disposers.push(listeners);
    this.report({ active_renderer: kind });
  }

  private detach(element: OpenAIChatKit): void {
    element.remove();
    if (this.element === element) this.element = null;
  }

  private listenTo(element: OpenAIChatKit): () => void {
    const on = <K extends keyof ChatKitEvents>(
      name: K,
      handler: (event: ChatKitEvents[K]) => void,
    ) => {
      const listener = (event: Event) => {
        if (this.element === element) handler(event as ChatKitEvents[K]);
      };
      element.addEventListener(name, listener);
      return () => element.removeEventListener(name, listener);
    };
    const forward = EVENT_NAMES.map((name) =>
      on(name, (event) => {
        if (this.model.get("_forwarded_events").includes(name)) {
          this.rpc.event(name, toJson((event as CustomEvent).detail), this.viewId);
        }
      }),
    );
    const offs = [
      ...forward,
      on("chatkit.ready", () => this.report({ ready: true })),
      on("chatkit.thread.change", (event) => {
        this.currentThread = event.detail.threadId;
        this.report({ thread_id: event.detail.threadId });
      }),
      on("chatkit.error", (event) => {
        // Error text may quote a secret, and synced traits are saved with the notebook: it goes
        // to Python only, in a state frame.
        const error = event.detail?.error;
        this.rpc.state(this.viewId, { error: error?.message ?? String(error) });
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }

  private wireModel(): void {
    const onOptions = () => this.applyOptions();
    const onThread = () => {
      const threadId = this.model.get("thread_id");
      if (threadId === this.currentThread) return;
      this.currentThread = threadId;
      void this.element?.setThreadId(threadId).catch((error: unknown) => {
        console.warn("[chatkit-notebook] could not open thread", threadId, error);
      });
    };
    const onHeight = () => this.applyHeight();
    const bindings: Array<[string, () => void]> = [
      ["change:options", onOptions],
      ["change:theme", onOptions],
      ["change:domain_key", onOptions],
      ["change:_callback_slots", onOptions],
      ["change:follow_jupyter_theme", onOptions],
      ["change:thread_id", onThread],
      ["change:height", onHeight],
    ];
    for (const [name, handler] of bindings) this.model.on(name, handler);
    this.disposers.push(() => {
      for (const [name, handler] of bindings) this.model.off(name, handler);
    });
  }

  /** Coalesces trait changes made in one tick into one `setOptions` call. */
  private applyOptions(now = false): void {
    if (!now) {
      if (this.applyQueued) return;
      this.applyQueued = true;
      queueMicrotask(() => {
        this.applyQueued = false;
        this.applyOptions(true);
      });
      return;
    }
    if (!this.element) return;
    const options = buildOptions(
      {
        options: this.model.get("options"),
        theme: this.model.get("theme"),
        thread_id: this.currentThread,
        domain_key: this.model.get("domain_key"),
        _callback_slots: this.model.get("_callback_slots"),
      },
      {
        fetch: this.fetch,
        callbacks: this.callbacks,
        jupyterScheme: this.model.get("follow_jupyter_theme") ? jupyterScheme() : null,
      },
    );
    const key = optionsKey(options);
    if (key === this.appliedKey) return;
    this.appliedKey = key;
    this.element.setOptions(options);
  }

  /** Re-applies the options when JupyterLab switches between its light and dark themes. */
  private followJupyterTheme(): void {
    const observer = new MutationObserver(() => {
      if (this.model.get("follow_jupyter_theme")) this.applyOptions();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light"] });
    this.disposers.push(() => observer.disconnect());
  }

  /** Carries out one of Python's UI calls on the element and answers it. */
  private async answer(frame: CallFrame): Promise<void> {
    const element = this.element as unknown as Record<string, unknown> | null;
    const method = element?.[frame.method];
    if (!CALLABLE_METHODS.has(frame.method) || typeof method !== "function") {
      this.rpc.answer(frame.id, { ok: false, error: `unknown UI method ${frame.method}` });
      return;
    }
    try {
      const value = await method.apply(element, frame.args);
      this.rpc.answer(frame.id, { ok: true, value: toJson(value) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.rpc.answer(frame.id, { ok: false, error: message });
    }
  }

  private applyHeight(): void {
    this.host.style.height = cssLength(this.model.get("height"));
  }

  /** A Python callback failed: say so next to the chat (the traceback is in `chat.errors`). */
  private showFailure(slot: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.failure.textContent = `${slot} failed in Python: ${message} (details in chat.errors)`;
    this.failure.hidden = false;
    clearTimeout(this.failureTimer);
    this.failureTimer = setTimeout(() => {
      this.failure.hidden = true;
    }, 15_000);
  }

  /** The kernel reads the chat's messages only between cells: say so instead of looking stuck. */
  private showWaiting(waiting: boolean): void {
    this.status.hidden = !waiting;
    this.status.textContent = waiting
      ? "Waiting for the kernel: a running cell must finish before the chat can answer…"
      : "";
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = text === "";
    if (text) this.report({ renderer_notice: text });
  }

  /**
   * Sets traits the view owns, and sends the same values in a state frame: trait updates from a
   * view can stop reaching the kernel for good while custom messages still arrive (Run All with
   * a top-level `await` cell; docs/upstream/anywidget-state-after-await.md).
   */
  private report(values: Omit<ViewState, "error">): void {
    let changed = false;
    for (const [key, value] of Object.entries(values)) {
      if (this.model.get(key) !== value) {
        this.model.set(key, value as ChatKitModel[string]);
        changed = true;
      }
    }
    if (changed) this.model.save_changes();
    this.rpc.state(this.viewId, values);
  }
}
