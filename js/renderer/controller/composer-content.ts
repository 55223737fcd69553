/** Pure conversions between the composer's text, its `@` tags and ChatKit's message content. */
import type { Entity, ToolChoice, UserMessageContent } from "@openai/chatkit";
import { own } from "../own";

/** Composer text → content parts: each recorded tag whose `@title` is still there becomes a tag. */
export function composerContent(text: string, tags: readonly Entity[]): UserMessageContent[] {
  const present = tags
    .filter((tag) => text.includes(`@${tag.title}`))
    .sort((a, b) => b.title.length - a.title.length);
  const parts: UserMessageContent[] = [];
  let rest = text;
  while (rest) {
    let best: { index: number; tag: Entity } | null = null;
    for (const tag of present) {
      const index = rest.indexOf(`@${tag.title}`);
      if (index !== -1 && (best === null || index < best.index)) best = { index, tag };
    }
    if (!best) {
      parts.push({ type: "input_text", text: rest });
      break;
    }
    if (best.index > 0) parts.push({ type: "input_text", text: rest.slice(0, best.index) });
    parts.push(tagPart(best.tag));
    rest = rest.slice(best.index + best.tag.title.length + 1);
  }
  return parts.length ? parts : [{ type: "input_text", text }];
}

function tagPart(entity: Entity): UserMessageContent {
  return {
    type: "input_tag",
    id: entity.id,
    text: entity.title,
    ...(entity.group ? { group: entity.group } : {}),
    data: entity.data ?? {}, // required by the server's UserMessageTagContent
    interactive: entity.interactive ?? false,
  };
}

/** The text a content list shows in the composer (tags as `@title`). */
export function contentText(content: readonly UserMessageContent[]): string {
  return content.map((part) => (part.type === "input_tag" ? `@${part.text}` : part.text)).join("");
}

/** The entity a sent tag stands for (for `entities.onClick` / `onRequestPreview`). */
export function entityOfTag(part: {
  id: string;
  text: string;
  group?: string;
  data?: Record<string, unknown>;
  interactive?: boolean;
}): Entity {
  return {
    id: part.id,
    title: part.text,
    ...(part.group ? { group: part.group } : {}),
    ...(part.data ? { data: part.data as Record<string, string> } : {}),
    ...(part.interactive !== undefined ? { interactive: part.interactive } : {}),
  };
}

/** `composer.attachments.maxSize`: one number, or MIME patterns (`image/*`, `*`) → bytes. */
export function maxSizeFor(maxSize: number | Record<string, number> | undefined, mime: string) {
  const fallback = 100 * 1024 * 1024;
  if (maxSize === undefined) return fallback;
  if (typeof maxSize === "number") return maxSize;
  return (
    own(maxSize, mime) ??
    own(maxSize, `${mime.split("/")[0]}/*`) ??
    own(maxSize, "*") ??
    own(maxSize, "") ??
    fallback
  );
}

export function inferenceOptions(toolChoice: ToolChoice | undefined, model: string | undefined) {
  return { ...(toolChoice ? { tool_choice: toolChoice } : {}), ...(model ? { model } : {}) };
}
