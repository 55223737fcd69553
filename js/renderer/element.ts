/**
 * `<chatkit-notebook-chat>`: an open, bundled implementation of the `OpenAIChatKit` element.
 * Same methods and `chatkit.*` events as `<openai-chatkit>`; all state lives in ChatController.
 */
import type { ChatKitEvents, ChatKitOptions, OpenAIChatKit } from "@openai/chatkit";
import { html, LitElement, nothing } from "lit";
import { onAssetsChanged } from "./assets";
import { ChatController, type ComposerValueParams, type SendUserMessageParams } from "./controller";
import { loadFontSources } from "./fonts";
import { resolveLanguage, type Translate, translator } from "./i18n";
import { mathStyles } from "./math";
import type { WireAction } from "./protocol/client";
import { animationFrame } from "./state/frame-batcher";
import { applyTheme, colorSchemeOf, normalizeTheme } from "./theme";
import { renderComposer } from "./view/composer";
import type { ViewContext } from "./view/context";
import { renderHeader } from "./view/header";
import { renderHistory } from "./view/history";
import { renderStartScreen } from "./view/start-screen";
import { baseStyles, markdownStyles, widgetStyles } from "./view/styles";
import { renderThread } from "./view/thread-view";

const KEY_EVENTS = ["keydown", "keypress", "keyup"] as const;
const STICK_TO_BOTTOM_PX = 48;

export class ChatKitNotebookChat extends LitElement implements OpenAIChatKit {
  static override styles = [
    baseStyles,
    markdownStyles,
    widgetStyles,
    ...(mathStyles ? [mathStyles] : []),
  ];

  readonly controller: ChatController;
  private chatOptions: ChatKitOptions | null = null;
  private language = "en";
  private t: Translate = translator("en");
  private renamingThreadId: string | null = null;
  private stickToBottom = true;
  private scrolledThreadId: string | null | undefined = undefined;
  private hadPendingUserText = false;
  private scrollScheduled = false;

  constructor() {
    super();
    this.controller = new ChatController({
      options: () => this.chatOptions,
      language: () => this.language,
      emit: (name, detail) => this.emit(name, detail),
      requestRender: () => this.requestUpdate(),
    });
  }

  // ---- OpenAIChatKit ------------------------------------------------------------------------

  /** Full replace. The open thread and the composer text live in the controller and survive. */
  setOptions(options: ChatKitOptions): void {
    const first = this.chatOptions === null;
    this.chatOptions = options;
    this.language = resolveLanguage(options.locale);
    this.t = translator(this.language);
    applyTheme(this, options.theme);
    loadFontSources(normalizeTheme(options.theme).typography?.fontSources);
    this.requestUpdate();
    if (!first) return;
    // Deferred so listeners attached right after setOptions still see `chatkit.ready`.
    void this.updateComplete.then(() => {
      this.emit("chatkit.ready", undefined);
      if (options.initialThread) {
        this.controller.threads.open(options.initialThread).catch(() => undefined);
      }
    });
  }

  async focusComposer(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>(".composer textarea")?.focus();
  }

  setThreadId(threadId: string | null): Promise<void> {
    return this.controller.threads.open(threadId);
  }

  sendCustomAction(
    action: { type: string; payload?: Record<string, unknown> },
    itemId?: string,
  ): Promise<void> {
    return this.controller.sendCustomAction(action as WireAction, itemId);
  }

  sendUserMessage(params: SendUserMessageParams): Promise<void> {
    return this.controller.sendUserMessage(params);
  }

  async setComposerValue(params: ComposerValueParams): Promise<void> {
    this.controller.composer.setValue(params);
  }

  showHistory(): Promise<void> {
    return this.controller.history.show();
  }

  async hideHistory(): Promise<void> {
    this.controller.history.hide();
  }

  fetchUpdates(): Promise<void> {
    return this.controller.threads.fetchUpdates();
  }

  // ---- events -------------------------------------------------------------------------------

  private emit<K extends keyof ChatKitEvents>(name: K, detail: ChatKitEvents[K]["detail"]): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: false, composed: true }));
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  private stopAssetUpdates: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // JupyterLab/Lumino skip shortcuts for events from inside such elements.
    this.setAttribute("data-lm-suppress-shortcuts", "true");
    // A grammar or KaTeX loaded on demand: code and math already shown draw differently now.
    this.stopAssetUpdates = onAssetsChanged(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopAssetUpdates?.();
    this.stopAssetUpdates = null;
  }

  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const root = super.createRenderRoot();
    // Keys typed in the chat must not reach the notebook's command shortcuts on the document.
    for (const type of KEY_EVENTS) root.addEventListener(type, (event) => event.stopPropagation());
    root.addEventListener("click", (event) => this.onCopyClick(event));
    // `scroll` does not bubble, but a capturing listener sees the message list's.
    root.addEventListener("scroll", (event) => this.onScroll(event), {
      capture: true,
      passive: true,
    });
    return root;
  }

  /** Copy buttons inside sanitised Markdown have no handlers of their own; delegate here. */
  private onCopyClick(event: Event): void {
    const button = (event.target as Element | null)?.closest?.("[data-copy]");
    const code = button?.closest(".code-block")?.querySelector("pre code");
    if (!button || !code) return;
    void navigator.clipboard?.writeText(code.textContent ?? "").then(() => {
      button.textContent = this.t("copied");
      setTimeout(() => {
        button.textContent = this.t("copy");
      }, 1500);
    });
  }

  /**
   * Whether the message list is scrolled to (near) its bottom, kept from `scroll` events (ours
   * and the user's), so no render has to read layout to know it.
   */
  private onScroll(event: Event): void {
    const scroller = event.target as Element | null;
    if (!scroller?.classList?.contains("messages")) return;
    this.stickToBottom =
      scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < STICK_TO_BOTTOM_PX;
  }

  /**
   * Scrolls to the newest message when a thread opens and when the user sends; while a reply
   * streams it follows only with `thread.autoScroll` and only if the user is near the bottom
   * (ChatKit's semantics: reading further up is never interrupted). The scroll is one write per
   * animation frame however many renders asked for it.
   */
  protected override updated(): void {
    const { controller } = this;
    const threadChanged = controller.threadId !== this.scrolledThreadId;
    const sent = controller.pendingUserText !== null && !this.hadPendingUserText;
    const follow =
      this.chatOptions?.thread?.autoScroll === true && controller.responding && this.stickToBottom;
    this.hadPendingUserText = controller.pendingUserText !== null;
    this.scrolledThreadId = controller.threadId;
    if (threadChanged || sent) this.stickToBottom = true;
    if ((threadChanged || sent || follow) && !this.scrollScheduled) {
      this.scrollScheduled = true;
      animationFrame(() => {
        this.scrollScheduled = false;
        const scroller = this.renderRoot.querySelector(".messages");
        if (scroller) scroller.scrollTop = scroller.scrollHeight;
      });
    }
  }

  protected override render() {
    const options = this.chatOptions;
    if (!options) return nothing;
    const ctx = this.viewContext(options);
    const { controller } = this;
    const empty =
      !controller.threadId &&
      controller.thread.items.length === 0 &&
      controller.pendingUserText === null &&
      !controller.responding &&
      !controller.thread.error;
    return html`<div class="root" part="root">
      ${renderHeader(ctx)}
      <div class="main">
        ${empty ? renderStartScreen(ctx) : renderThread(ctx)}
        ${renderHistory(ctx)}
      </div>
      ${renderComposer(ctx)}
    </div>`;
  }

  private viewContext(options: ChatKitOptions): ViewContext {
    return {
      controller: this.controller,
      options,
      t: this.t,
      colorScheme: colorSchemeOf(options.theme),
      imageDomains: this.controller.thread.thread?.allowed_image_domains ?? undefined,
      renamingThreadId: this.renamingThreadId,
      setRenaming: (threadId) => {
        this.renamingThreadId = threadId;
        this.requestUpdate();
      },
      run: (task) => {
        try {
          const result = task();
          if (result instanceof Promise)
            result.catch((error) => this.controller.reportError(error));
        } catch (error) {
          this.controller.reportError(error);
        }
      },
    };
  }
}
