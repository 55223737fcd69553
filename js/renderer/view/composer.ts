/**
 * Composer: textarea (Enter sends, Shift+Enter newline), `@` entity mentions, attachments, tool
 * and model pickers, send/stop, the locked-thread notice and the disclaimer.
 */
import type { Command, Entity } from "@openai/chatkit";
import { html, nothing } from "lit";
import { live } from "lit/directives/live.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { icon } from "../widgets/icons";
import { renderAttachmentButton, renderComposerAttachments } from "./attachments";
import type { ViewContext } from "./context";
import { cachedMarkdownText } from "./markdown-cache";

export function renderComposer(ctx: ViewContext) {
  const { controller, options, t } = ctx;
  const tools = options.composer?.tools ?? [];
  const models = options.composer?.models ?? [];
  const selectedTool = tools.find((tool) => tool.id === controller.composer.selectedToolId);
  const placeholder =
    selectedTool?.placeholderOverride ?? options.composer?.placeholder ?? t("placeholder");
  const canStop = controller.responding && controller.thread.allowCancel;
  const lock = controller.composer.lock();
  const mentionsEnabled = !!options.entities?.onTagSearch;
  const commandsEnabled = options.commands?.enabled === true;
  const textarea = (event: Event) =>
    (event.currentTarget as Element)
      .closest(".composer")
      ?.querySelector<HTMLTextAreaElement>("textarea") ?? null;

  const choose = (entity: Entity, input: HTMLTextAreaElement | null) => {
    const caret = controller.mentions.choose(entity);
    if (!input) return;
    input.value = controller.composer.text;
    input.focus();
    input.setSelectionRange(caret, caret);
  };
  const chooseCommand = (command: Command, input: HTMLTextAreaElement | null) =>
    ctx.run(async () => {
      const caret = await controller.commands.choose(command);
      if (caret === null || !input) return;
      input.value = controller.composer.text;
      input.focus();
      input.setSelectionRange(caret, caret);
    });
  const onInput = (event: Event) => {
    const input = event.target as HTMLTextAreaElement;
    controller.composer.text = input.value;
    if (commandsEnabled)
      ctx.run(() => controller.commands.update(input.value, input.selectionStart));
    if (mentionsEnabled)
      ctx.run(() => controller.mentions.update(input.value, input.selectionStart));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const menu = controller.commands.menu;
    if (menu) {
      const active = menu.results[menu.active];
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        controller.commands.move(event.key === "ArrowDown" ? 1 : -1);
        return;
      }
      if ((event.key === "Enter" || event.key === "Tab") && (active || menu.loading)) {
        event.preventDefault();
        if (active && !menu.loading) chooseCommand(active, event.target as HTMLTextAreaElement);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        controller.commands.close();
        return;
      }
    }
    const mention = controller.mentions.state;
    if (mention) {
      const active = mention.results[mention.active];
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        controller.mentions.move(event.key === "ArrowDown" ? 1 : -1);
        return;
      }
      if ((event.key === "Enter" || event.key === "Tab") && active) {
        event.preventDefault();
        choose(active, event.target as HTMLTextAreaElement);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        controller.mentions.close();
        return;
      }
    }
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    ctx.run(() => controller.submitComposer());
  };
  const insertAt = (event: Event) => {
    const input = textarea(event);
    if (!input) return;
    const caret = input.selectionStart ?? input.value.length;
    const before = input.value.slice(0, caret);
    const prefix = before && !/\s$/.test(before) ? " @" : "@";
    input.value = before + prefix + input.value.slice(caret);
    controller.composer.text = input.value;
    const next = caret + prefix.length;
    input.focus();
    input.setSelectionRange(next, next);
    ctx.run(() => controller.mentions.update(input.value, next));
  };

  return html`<div class="composer" part="composer" data-testid="composer">
    ${
      lock
        ? html`<div class="composer-locked" data-testid="composer-locked" role="status">${icon("lock")}<span>${lock.reason || t(lock.type === "closed" ? "threadClosed" : "threadLocked")}</span></div>`
        : nothing
    }
    ${renderCommandMenu(ctx, chooseCommand, textarea)}
    ${renderMentionMenu(ctx, choose, textarea)}
    ${renderComposerAttachments(ctx)}
    <form class="box ${lock ? "locked" : ""}" @submit=${(event: Event) => {
      event.preventDefault();
      ctx.run(() => controller.submitComposer());
    }}>
      <label class="visually-hidden" for="composer-input">${placeholder}</label>
      <textarea
        id="composer-input"
        data-testid="composer-input"
        rows="1"
        placeholder=${placeholder}
        ?disabled=${!!lock}
        aria-autocomplete=${mentionsEnabled || commandsEnabled ? "list" : nothing}
        aria-expanded=${mentionsEnabled || commandsEnabled ? (controller.mentions.state || controller.commands.menu ? "true" : "false") : nothing}
        .value=${live(controller.composer.text)}
        @input=${onInput}
        @keydown=${onKeyDown}
        @blur=${() => {
          // Leave time for a click on a menu entry before the menu goes away.
          setTimeout(() => {
            controller.mentions.close();
            if (!controller.commands.menu?.loading) controller.commands.close();
          }, 150);
        }}
      ></textarea>
      ${renderAttachmentButton(ctx, !!lock)}
      ${
        commandsEnabled
          ? html`<button type="button" class="icon-btn command-btn" data-testid="composer-command" aria-label=${t("commands")} title=${t("commands")} ?disabled=${!!lock} @mousedown=${(event: Event) => event.preventDefault()} @click=${(
              event: Event,
            ) => {
              const input = textarea(event);
              input?.focus();
              ctx.run(async () => {
                await controller.commands.open();
                if (input && input.value !== controller.composer.text) {
                  input.value = controller.composer.text;
                  input.setSelectionRange(input.value.length, input.value.length);
                }
              });
            }}>${icon("slash")}</button>`
          : nothing
      }
      ${
        mentionsEnabled && options.entities?.showComposerMenu
          ? html`<button type="button" class="icon-btn mention-btn" data-testid="composer-mention" aria-label=${t("mention")} title=${t("mention")} ?disabled=${!!lock} @click=${insertAt}>${icon("at-sign")}</button>`
          : nothing
      }
      ${tools
        .filter((tool) => tool.pinned)
        .map(
          (tool) =>
            html`<button type="button" class="pill-btn pinned-tool ${tool.id === selectedTool?.id ? "active" : ""}" data-testid="composer-pinned-tool" aria-pressed=${tool.id === selectedTool?.id ? "true" : "false"} ?disabled=${!!lock} @click=${() => controller.composer.selectTool(tool.id === selectedTool?.id ? null : tool.id)}>${icon(tool.icon, "14px")}<span>${tool.shortLabel ?? tool.label}</span></button>`,
        )}
      ${
        tools.length
          ? html`<select class="tool-select" data-testid="composer-tool" aria-label=${t("tool")} ?disabled=${!!lock} @change=${(event: Event) => controller.composer.selectTool((event.target as HTMLSelectElement).value || null)}>
            <option value="" ?selected=${!selectedTool}>—</option>
            ${tools.map((tool) => html`<option value=${tool.id} ?selected=${tool.id === selectedTool?.id}>${tool.shortLabel ?? tool.label}</option>`)}
          </select>`
          : nothing
      }
      ${
        models.length
          ? html`<select class="model-select" data-testid="composer-model" aria-label=${t("model")} ?disabled=${!!lock} @change=${(event: Event) => controller.composer.selectModel((event.target as HTMLSelectElement).value)}>
            ${models.map((model) => html`<option value=${model.id} title=${model.description ?? nothing} ?disabled=${!!model.disabled} ?selected=${model.id === controller.composer.modelId()}>${model.label}</option>`)}
          </select>`
          : nothing
      }
      ${renderDictationButton(ctx, !!lock)}
      ${
        canStop
          ? html`<button type="button" class="stop" data-testid="composer-stop" aria-label=${t("stop")} title=${t("stop")} @click=${() => controller.turns.stop()}>${icon("stop", "14px")}</button>`
          : html`<button type="submit" class="send" data-testid="composer-send" aria-label=${t("send")} title=${t("send")} ?disabled=${controller.responding || !!lock || controller.attachments.uploading()}>${icon("arrow-up", "16px")}</button>`
      }
    </form>
    ${renderDictationStatus(ctx)}
    ${
      options.disclaimer?.text
        ? html`<div class="disclaimer markdown">${unsafeHTML(cachedMarkdownText(options.disclaimer.text, t("copy")))}</div>`
        : nothing
    }
  </div>`;
}

function renderMentionMenu(
  ctx: ViewContext,
  choose: (entity: Entity, input: HTMLTextAreaElement | null) => void,
  textarea: (event: Event) => HTMLTextAreaElement | null,
) {
  const mention = ctx.controller.mentions.state;
  if (!mention) return nothing;
  let lastGroup: string | undefined;
  return html`<div class="mention-menu" data-testid="mention-menu" role="listbox" aria-label=${ctx.t("mention")}>
    ${
      mention.results.length === 0
        ? html`<div class="empty">${mention.loading ? ctx.t("loading") : ctx.t("noMatches")}</div>`
        : mention.results.map((entity, index) => {
            const header =
              entity.group && entity.group !== lastGroup
                ? html`<div class="mention-group">${entity.group}</div>`
                : nothing;
            lastGroup = entity.group;
            return html`${header}<button
              type="button"
              role="option"
              class="mention-option ${index === mention.active ? "active" : ""}"
              data-testid="mention-option"
              aria-selected=${index === mention.active ? "true" : "false"}
              @mousedown=${(event: Event) => event.preventDefault()}
              @click=${(event: Event) => choose(entity, textarea(event))}
            >${entity.icon ? icon(entity.icon) : icon("at-sign")}<span>${entity.title}</span></button>`;
          })
    }
  </div>`;
}

/** The "/" command menu: `commands.onSearch` results (or a sub-menu), grouped like mentions. */
function renderCommandMenu(
  ctx: ViewContext,
  choose: (command: Command, input: HTMLTextAreaElement | null) => void,
  textarea: (event: Event) => HTMLTextAreaElement | null,
) {
  const menu = ctx.controller.commands.menu;
  if (!menu) return nothing;
  let lastGroup: string | undefined;
  return html`<div class="mention-menu command-menu" data-testid="command-menu" role="listbox" aria-label=${ctx.t("commands")} aria-busy=${menu.loading ? "true" : "false"}>
    ${
      menu.results.length === 0
        ? html`<div class="empty">${menu.loading ? ctx.t("loading") : ctx.t("noMatches")}</div>`
        : menu.results.map((command, index) => {
            const header =
              command.group && command.group !== lastGroup
                ? html`<div class="mention-group">${command.group}</div>`
                : nothing;
            lastGroup = command.group;
            return html`${header}<button
              type="button"
              role="option"
              class="mention-option command-option ${index === menu.active ? "active" : ""}"
              data-testid="command-option"
              data-command-id=${command.id}
              aria-selected=${index === menu.active ? "true" : "false"}
              ?disabled=${menu.loading}
              @mousedown=${(event: Event) => event.preventDefault()}
              @click=${(event: Event) => choose(command, textarea(event))}
            >${icon(command.icon ?? "slash")}<span class="label">${command.label}</span>${
              command.description
                ? html`<span class="description">${command.description}</span>`
                : nothing
            }</button>`;
          })
    }
  </div>`;
}

/** The microphone: dictate, then stop to transcribe into the composer (`composer.dictation`). */
function renderDictationButton(ctx: ViewContext, locked: boolean) {
  const { dictation } = ctx.controller;
  if (!dictation.enabled()) return nothing;
  const { t } = ctx;
  if (dictation.state === "recording") {
    return html`<button type="button" class="icon-btn dictation recording" data-testid="composer-dictation" data-state="recording" aria-label=${t("stopDictation")} title=${t("stopDictation")} @click=${() => dictation.stop()}>${icon("stop", "14px")}</button>`;
  }
  const busy = dictation.state === "transcribing";
  return html`<button type="button" class="icon-btn dictation" data-testid="composer-dictation" data-state=${dictation.state} aria-label=${t("dictate")} title=${t("dictate")} ?disabled=${locked || busy} @click=${() => ctx.run(() => dictation.start())}>${busy ? html`<span class="spinner" aria-label=${t("transcribing")}></span>` : icon("mic")}</button>`;
}

function renderDictationStatus(ctx: ViewContext) {
  const { dictation } = ctx.controller;
  const { error } = dictation;
  if (!error) return nothing;
  const message = "key" in error ? ctx.t(error.key) : error.text;
  return html`<div class="dictation-error" data-testid="dictation-error" role="alert">${icon("info")}<span>${message}</span><button type="button" class="icon-btn" aria-label=${ctx.t("dismiss")} @click=${() => dictation.dismissError()}>${icon("close", "12px")}</button></div>`;
}
