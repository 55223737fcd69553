/** Thread item templates: messages, tool calls, workflows, widgets, images. */

import type { Entity } from "@openai/chatkit";
import { html, nothing } from "lit";
import { guard } from "lit/directives/guard.js";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { assetGeneration } from "../assets";
import { type EntityPreview, entityOfTag } from "../controller";
import { own } from "../own";
import type {
  Annotation,
  AssistantMessageItem,
  ClientToolCallItem,
  EntitySource,
  GeneratedImageItem,
  StructuredInputItem,
  Task,
  ThreadItem,
  UserMessageContent,
  UserMessageItem,
  WidgetRootWire,
  WorkflowItem,
} from "../protocol/types";
import { isAllowedImageSrc, isSafeImageSrc, isSafeLinkHref } from "../url-safety";
import { icon } from "../widgets/icons";
import { renderWidget } from "../widgets/render";
import type { ViewContext } from "./context";
import { cachedMarkdownBlocks, cachedMarkdownText } from "./markdown-cache";
import { renderWidgetItem } from "./widget-item";

/**
 * Renders one item. `guard` skips re-rendering unless the item object (replaced by the reducer on
 * every change) or its per-item UI state changed, so finished messages keep their DOM.
 */
export function renderItem(item: ThreadItem, ctx: ViewContext, isLast: boolean) {
  const { controller } = ctx;
  const pending = controller.thread.pendingItemIds.has(item.id);
  const busy = controller.widgetBusy?.itemId === item.id ? controller.widgetBusy.key : null;
  const preview = controller.previews.current?.key.startsWith(`${item.id}:`)
    ? controller.previews.current
    : null;
  const deps = [
    preview,
    item,
    pending,
    own(controller.feedback, item.id),
    busy,
    ctx.t,
    ctx.colorScheme,
    isLast,
    controller.responding,
    ctx.imageDomains,
    assetGeneration(), // a grammar or KaTeX arrived: code and math draw differently
  ];
  return guard(deps, () => {
    try {
      return renderItemBody(item, ctx, pending);
    } catch (error) {
      return renderItemError(item.id, error, ctx);
    }
  });
}

/**
 * The error boundary of one item: data the renderer cannot draw becomes a notice in its place,
 * and the rest of the thread (and the composer) keeps working.
 */
export function renderItemError(itemId: string, error: unknown, ctx: ViewContext) {
  console.warn("[chatkit-notebook] could not render item", itemId, error);
  const message = error instanceof Error ? error.message : String(error);
  return html`<div class="item-error" data-testid="item-error" data-item-id=${itemId} role="alert">${icon("info")}<span>${ctx.t("itemError", { error: message })}</span></div>`;
}

function renderItemBody(item: ThreadItem, ctx: ViewContext, pending: boolean) {
  switch (item.type) {
    case "user_message":
      return renderUserMessage(item, ctx);
    case "structured_input":
      return renderStructuredInput(item, ctx);
    case "assistant_message":
      return renderAssistantMessage(item, ctx, pending);
    case "client_tool_call":
      return renderClientToolCall(item, ctx);
    case "widget":
      return html`<div class="item widget-item" data-testid="widget-item" data-item-id=${item.id}>${renderWidgetItem(item, ctx)}</div>`;
    case "workflow":
      return renderWorkflow(item, ctx, pending);
    case "task":
      return html`<ul class="tasks">${renderTask(item.task, ctx, `${item.id}:task`)}</ul>`;
    case "generated_image":
      return renderGeneratedImage(item, ctx);
    default:
      return nothing;
  }
}

function renderUserMessage(item: UserMessageItem, ctx: ViewContext) {
  return html`<div class="user" data-testid="user-message" data-item-id=${item.id}>
    ${item.quoted_text ? html`<div class="quote">${item.quoted_text}</div>` : nothing}
    <div class="bubble">${item.content.map((part, index) =>
      part.type === "input_tag" ? renderTag(part, `${item.id}:${index}`, ctx) : part.text,
    )}</div>
    ${
      item.attachments?.length
        ? html`<div class="attachments">${item.attachments.map((a) =>
            isAllowedImageSrc(a.preview_url, ctx.imageDomains)
              ? html`<span class="attachment" data-testid="message-attachment"><img src=${a.preview_url ?? ""} alt=${a.name} /></span>`
              : a.preview_url && isSafeImageSrc(a.preview_url)
                ? html`<span class="attachment" data-testid="message-attachment">${blockedImage(a.preview_url, ctx)}</span>`
                : html`<span class="attachment" data-testid="message-attachment">${icon("document")} ${a.name}</span>`,
          )}</div>`
        : nothing
    }
  </div>`;
}

/** An entity tag in a sent message: clickable (`entities.onClick`), with a hover preview card. */
function renderTag(
  part: Extract<UserMessageContent, { type: "input_tag" }>,
  key: string,
  ctx: ViewContext,
) {
  const entities = ctx.options.entities;
  const entity = entityOfTag(part);
  const { controller } = ctx;
  const preview = controller.previews.current?.key === key ? controller.previews.current : null;
  if (!entities?.onClick && !entities?.onRequestPreview) {
    return html`<span class="tag" data-testid="message-tag">@${part.text}</span>`;
  }
  const show = () => ctx.run(() => controller.previews.show(key, entity));
  const hide = () => controller.previews.hide(key);
  return html`<span class="tag-wrap" @mouseenter=${show} @mouseleave=${hide}><button
      type="button"
      class="tag interactive"
      data-testid="message-tag"
      @click=${() => entities.onClick?.(entity)}
      @focus=${show}
      @blur=${hide}
    >@${part.text}</button>${renderEntityPreview(preview, key, ctx)}</span>`;
}

/** Questions from the server: choices, free text, Submit and Skip; answered ones read-only. */
function renderStructuredInput(item: StructuredInputItem, ctx: ViewContext) {
  const { controller, t } = ctx;
  if (item.status !== "pending") {
    return html`<div class="structured-input done" data-testid="structured-input" data-status=${item.status} data-item-id=${item.id}>
      ${item.inputs.map(
        (input) => html`<div class="si-question"><div class="si-label">${input.question}</div>
          <div class="si-answer">${
            item.status === "skipped" || !input.answer || input.answer.skipped
              ? html`<em>${t("skipped")}</em>`
              : input.answer.values.join(", ")
          }</div></div>`,
      )}
    </div>`;
  }
  const disabled = controller.responding;
  const submit = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    ctx.run(() =>
      controller.submitStructuredInput(item.id, {
        status: "answered",
        answers: answersOf(item, form),
      }),
    );
  };
  const skip = () =>
    ctx.run(() =>
      controller.submitStructuredInput(item.id, {
        status: "skipped",
        answers: Object.fromEntries(
          item.inputs.map((input) => [input.id, { values: [], skipped: true }]),
        ),
      }),
    );
  return html`<form class="structured-input" data-testid="structured-input" data-status="pending" data-item-id=${item.id} @submit=${submit}>
    ${item.inputs.map((input) =>
      input.type === "multiple_choice"
        ? html`<fieldset class="si-question" data-question=${input.id}>
            <legend class="si-label">${input.question}</legend>
            <div class="si-choices">${input.options.map(
              (option) => html`<label class="si-choice"><input
                type=${input.multiple ? "checkbox" : "radio"}
                name=${input.id}
                value=${option.value}
                ?disabled=${disabled}
              /><span>${option.value}</span></label>`,
            )}</div>
            <input class="si-other" type="text" name=${`${input.id}::other`} placeholder=${t("otherAnswer")} aria-label=${`${input.question} — ${t("otherAnswer")}`} ?disabled=${disabled} />
          </fieldset>`
        : html`<label class="si-question" data-question=${input.id}>
            <span class="si-label">${input.question}</span>
            ${input.description ? html`<span class="si-description">${input.description}</span>` : nothing}
            <textarea name=${input.id} rows="2" ?disabled=${disabled}></textarea>
          </label>`,
    )}
    <div class="si-actions">
      <button type="button" class="pill-btn" data-testid="structured-input-skip" ?disabled=${disabled} @click=${skip}>${t("skip")}</button>
      <button type="submit" class="w-button variant-solid color-primary" data-testid="structured-input-submit" ?disabled=${disabled}>${t("submit")}</button>
    </div>
  </form>`;
}

/** Reads the answers of a structured input form; a question with no value counts as skipped. */
export function answersOf(item: StructuredInputItem, form: HTMLFormElement) {
  const answers: Record<string, { values: string[]; skipped: boolean }> = {};
  for (const input of item.inputs) {
    let values: string[];
    if (input.type === "multiple_choice") {
      const chosen = [
        ...form.querySelectorAll<HTMLInputElement>("input[type=radio], input[type=checkbox]"),
      ]
        .filter((control) => control.name === input.id && control.checked)
        .map((control) => control.value);
      const other = [...form.querySelectorAll<HTMLInputElement>("input.si-other")]
        .find((control) => control.name === `${input.id}::other`)
        ?.value.trim();
      values = other ? [...chosen, other] : chosen;
      if (!input.multiple) values = values.slice(-1);
    } else {
      const text = [...form.querySelectorAll<HTMLTextAreaElement>("textarea")]
        .find((control) => control.name === input.id)
        ?.value.trim();
      values = text ? [text] : [];
    }
    answers[input.id] = { values, skipped: values.length === 0 };
  }
  return answers;
}

/** The optimistic bubble shown between pressing send and the server's user_message echo. */
export function renderPendingUserMessage(text: string) {
  return html`<div class="user pending" data-testid="pending-user-message"><div class="bubble">${text}</div></div>`;
}

function renderAssistantMessage(item: AssistantMessageItem, ctx: ViewContext, pending: boolean) {
  const annotations = item.content.flatMap((part) => part.annotations ?? []);
  return html`<div class="assistant" data-testid="assistant-message" data-item-id=${item.id}>
    ${item.content.map(
      (part, index) =>
        html`<div class="markdown">${markdownBlocks(part, `${item.id}:${index}`, part.text, ctx)}</div>`,
    )}
    ${renderSources(annotations, ctx)}
    ${renderEntitySources(annotations, item.id, ctx)}
    ${pending ? nothing : renderItemActions(item, ctx)}
  </div>`;
}

const SEGMENT = 64;

/**
 * Markdown as one `unsafeHTML` part per top-level block: while a message streams, the finished
 * blocks keep their HTML string, so Lit leaves their DOM alone and replaces only the open tail.
 * Blocks go in `guard`ed segments, so a long message costs a render one comparison per block
 * instead of one directive update per block.
 */
function markdownBlocks(owner: object, key: string, source: string, ctx: ViewContext) {
  const blocks = cachedMarkdownBlocks(owner, key, source, ctx.t("copy"), ctx.imageDomains);
  const segments = [];
  for (let start = 0; start < blocks.length; start += SEGMENT) {
    const segment = blocks.slice(start, start + SEGMENT);
    segments.push(guard(segment, () => segment.map((block) => unsafeHTML(block))));
  }
  return segments;
}

/** An image the thread's `allowed_image_domains` rules out: the URL as text, never loaded. */
export function blockedImage(url: string, ctx: ViewContext) {
  return html`<span class="image-blocked" data-testid="blocked-image" role="img" aria-label=${`${ctx.t("imageBlocked")}: ${url}`}>${url}</span>`;
}

function renderSources(annotations: Annotation[], ctx: ViewContext) {
  const seen = new Set<string>();
  const sources = annotations
    .map((annotation) => annotation.source)
    .filter((source) => source.type !== "entity")
    .filter((source) => {
      const key = source.type === "url" ? source.url : `${source.type}:${source.title}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  if (!sources.length) return nothing;
  return html`<div class="sources"><span>${ctx.t("sources")}</span><ol>${sources.map((source) =>
    source.type === "url" && isSafeLinkHref(source.url)
      ? html`<li><a href=${source.url} target="_blank" rel="noopener noreferrer">${source.title || source.url}</a>${source.attribution ? html` — ${source.attribution}` : nothing}</li>`
      : html`<li>${source.title}${source.type === "file" ? html` (${source.filename})` : nothing}</li>`,
  )}</ol></div>`;
}

/** The entity an entity source stands for (for `entities.onClick` / `onRequestPreview`). */
export function entityOfSource(source: EntitySource): Entity {
  return {
    id: source.id,
    title: source.title,
    ...(source.icon ? { icon: source.icon } : {}),
    ...(source.group ? { group: source.group } : {}),
    ...(source.data ? { data: source.data as Record<string, string> } : {}),
    ...(source.interactive !== undefined ? { interactive: source.interactive } : {}),
  };
}

/**
 * Entity sources of an assistant message, as chips after it. An `interactive` entity is wired to
 * the client callbacks like a tag in a user message: click → `entities.onClick`, hover or focus
 * → the `entities.onRequestPreview` card. Others show their label or description as a tooltip.
 */
function renderEntitySources(annotations: Annotation[], itemId: string, ctx: ViewContext) {
  const seen = new Set<string>();
  const sources: EntitySource[] = [];
  for (const { source } of annotations) {
    if (source.type !== "entity" || seen.has(source.id)) continue;
    seen.add(source.id);
    sources.push(source);
  }
  if (!sources.length) return nothing;
  const entities = ctx.options.entities;
  const { controller } = ctx;
  return html`<div class="entity-sources" data-testid="entity-sources">${sources.map((source) => {
    const entity = entityOfSource(source);
    const content = html`${source.icon ? icon(source.icon, "14px") : nothing}<span>${source.title}</span>`;
    const tooltip = source.description ?? source.label ?? nothing;
    if (!source.interactive || (!entities?.onClick && !entities?.onRequestPreview)) {
      return html`<span class="entity-chip" data-testid="entity-source" title=${tooltip}>${content}</span>`;
    }
    const key = `${itemId}:source:${source.id}`;
    const preview = controller.previews.current?.key === key ? controller.previews.current : null;
    const show = () => ctx.run(() => controller.previews.show(key, entity));
    const hide = () => controller.previews.hide(key);
    return html`<span class="tag-wrap" @mouseenter=${show} @mouseleave=${hide}><button
        type="button"
        class="entity-chip interactive"
        data-testid="entity-source"
        title=${entities.onRequestPreview ? nothing : tooltip}
        @click=${() => ctx.run(() => entities.onClick?.(entity))}
        @focus=${show}
        @blur=${hide}
      >${content}</button>${renderEntityPreview(preview, key, ctx)}</span>`;
  })}</div>`;
}

/** The hover card of an entity (tag or source) while `onRequestPreview` loads or answered. */
function renderEntityPreview(preview: EntityPreview | null, key: string, ctx: ViewContext) {
  if (!preview || (!preview.loading && !preview.widget)) return nothing;
  return html`<div class="entity-preview" data-testid="entity-preview" role="tooltip">${
    preview.widget
      ? renderWidget(preview.widget as unknown as WidgetRootWire, {
          itemId: key,
          colorScheme: ctx.colorScheme,
          t: ctx.t,
          imageDomains: ctx.imageDomains,
          isDisabled: () => false,
          markdown: (source) => cachedMarkdownText(source, ctx.t("copy"), ctx.imageDomains),
          act: () => undefined,
        })
      : html`<span class="spinner"></span>`
  }</div>`;
}

function renderItemActions(item: AssistantMessageItem, ctx: ViewContext) {
  const actions = ctx.options.threadItemActions;
  if (!actions?.feedback && !actions?.retry) return nothing;
  const { controller, t } = ctx;
  const given = own(controller.feedback, item.id);
  return html`<div class="item-actions">
    ${
      actions.feedback
        ? html`<button class="icon-btn feedback-positive ${given === "positive" ? "active" : ""}" aria-label=${t("feedbackPositive")} title=${t("feedbackPositive")} ?disabled=${!!given} @click=${() => ctx.run(() => controller.sendFeedback(item.id, "positive"))}>${icon("thumbs-up")}</button>
          <button class="icon-btn feedback-negative ${given === "negative" ? "active" : ""}" aria-label=${t("feedbackNegative")} title=${t("feedbackNegative")} ?disabled=${!!given} @click=${() => ctx.run(() => controller.sendFeedback(item.id, "negative"))}>${icon("thumbs-down")}</button>`
        : nothing
    }
    ${
      actions.retry
        ? html`<button class="icon-btn retry-item" aria-label=${t("retry")} title=${t("retry")} ?disabled=${controller.responding} @click=${() => ctx.run(() => controller.retry(item.id))}>${icon("reload")}</button>`
        : nothing
    }
  </div>`;
}

function renderClientToolCall(item: ClientToolCallItem, ctx: ViewContext) {
  const failed =
    item.status === "completed" &&
    !!item.output &&
    typeof item.output === "object" &&
    "error" in item.output;
  if (failed) {
    const error = String((item.output as { error: unknown }).error);
    return html`<div class="tool failed" data-item-id=${item.id}>${icon("info")}<span>${ctx.t("toolFailed", { name: item.name, error })}</span></div>`;
  }
  return item.status === "pending"
    ? html`<div class="tool pending" data-item-id=${item.id}><span class="spinner"></span><span class="shimmer">${ctx.t("toolRunning", { name: item.name })}</span></div>`
    : html`<div class="tool done" data-item-id=${item.id}>${icon("check")}<span>${ctx.t("toolDone", { name: item.name })}</span></div>`;
}

function workflowSummary(item: WorkflowItem, ctx: ViewContext, pending: boolean): string {
  const summary = item.workflow.summary;
  if (summary && "duration" in summary) return ctx.t("thoughtFor", { seconds: summary.duration });
  if (summary && "title" in summary) return summary.title;
  if (item.workflow.type === "reasoning") return ctx.t("thinking");
  const last = item.workflow.tasks.at(-1);
  return (pending && last?.title) || ctx.t("workflow");
}

function renderWorkflow(item: WorkflowItem, ctx: ViewContext, pending: boolean) {
  const open = pending || !!item.workflow.expanded;
  return html`<details class="workflow ${item.workflow.type}" data-item-id=${item.id} ?open=${open}>
    <summary>${pending ? html`<span class="spinner"></span>` : icon(item.workflow.type === "reasoning" ? "lightbulb" : "check")}<span class=${pending ? "shimmer" : ""}>${workflowSummary(item, ctx, pending)}</span></summary>
    <ul class="tasks">${item.workflow.tasks.map((task, index) => renderTask(task, ctx, `${item.id}:task:${index}`))}</ul>
  </details>`;
}

function renderTask(task: Task, ctx: ViewContext, key: string) {
  const status = task.status_indicator ?? "none";
  const indicator =
    status === "loading"
      ? html`<span class="spinner"></span>`
      : status === "complete"
        ? icon("check")
        : icon(
            task.type === "custom" ? task.icon : task.type === "web_search" ? "search" : undefined,
            "0.6em",
          );
  let body: unknown = nothing;
  if (task.type === "thought") {
    body = html`<div class="task-content markdown">${markdownBlocks(task, key, task.content, ctx)}</div>`;
  } else if (task.type === "custom" && task.content) {
    body = html`<div class="task-content">${task.content}</div>`;
  } else if (task.type === "web_search") {
    body = html`<div class="task-content">${(task.queries ?? []).join(" · ")}</div>${renderSources(
      (task.sources ?? []).map((source) => ({ type: "annotation", source })),
      ctx,
    )}`;
  } else if (task.type === "file" && task.sources?.length) {
    body = html`<div class="task-content">${task.sources.map((s) => s.title).join(", ")}</div>`;
  }
  const title = task.title ?? (task.type === "web_search" ? task.title_query : undefined);
  return html`<li class="task status-${status}">
    <span class="indicator ${status}">${indicator}</span>
    <div class="body">${title ? html`<div class="task-title">${title}</div>` : nothing}${body}</div>
  </li>`;
}

function renderGeneratedImage(item: GeneratedImageItem, ctx: ViewContext) {
  const url = item.image?.url;
  const progress = own(ctx.controller.thread.imageProgress, item.id);
  if (url && isSafeImageSrc(url) && !isAllowedImageSrc(url, ctx.imageDomains)) {
    return html`<div class="generated-image" data-item-id=${item.id}>${blockedImage(url, ctx)}</div>`;
  }
  if (!url || !isSafeImageSrc(url)) {
    return html`<div class="generated-image status-line" data-item-id=${item.id}><span class="spinner"></span>${ctx.t("generatingImage")}${progress !== undefined ? ` ${Math.round(progress * 100)}%` : ""}</div>`;
  }
  return html`<div class="generated-image" data-item-id=${item.id}><img src=${url} alt="" /></div>`;
}
