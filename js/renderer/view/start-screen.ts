/** Start screen of a new thread: greeting and suggested prompts. */
import type { UserMessageContent } from "@openai/chatkit";
import { html, nothing } from "lit";
import { icon } from "../widgets/icons";
import type { ViewContext } from "./context";

export function renderStartScreen(ctx: ViewContext) {
  const start = ctx.options.startScreen;
  const prompts = start?.prompts ?? [];
  return html`<div class="start" data-testid="start-screen">
    <h2>${start?.greeting ?? ctx.t("greeting")}</h2>
    ${
      prompts.length
        ? html`<div class="prompts">${prompts.map(
            (
              prompt,
            ) => html`<button class="prompt" @click=${() => ctx.run(() => ctx.controller.sendUserMessage(promptParams(prompt.prompt)))}>
            ${prompt.icon ? icon(prompt.icon) : nothing}<span>${prompt.label}</span>
          </button>`,
          )}</div>`
        : nothing
    }
  </div>`;
}

function promptParams(prompt: string | UserMessageContent[]) {
  return typeof prompt === "string" ? { text: prompt } : { content: prompt };
}
