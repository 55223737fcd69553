/** The message being written: its text and `@` tags, the chosen tool and model, the thread lock. */
import type { Entity } from "@openai/chatkit";
import { contentText, entityOfTag } from "./composer-content";
import type { ChatSession } from "./session";
import type { ComposerValueParams } from "./types";

export class Composer {
  text = "";
  /** Entities inserted with `@`; each appears in the text as `@title` until the user deletes it. */
  tags: Entity[] = [];
  selectedToolId: string | null = null;
  /** Chosen in the model picker; null → the option marked `default` (or the first enabled). */
  selectedModelId: string | null = null;

  constructor(private readonly session: ChatSession) {}

  /** Records `entity` as a tag of the text (once). */
  addTag(entity: Entity): void {
    if (!this.tags.some((tag) => tag.id === entity.id)) this.tags = [...this.tags, entity];
  }

  setValue(params: ComposerValueParams): void {
    if (params.text !== undefined) {
      this.text = params.text;
      this.tags = [];
    } else if (params.content) {
      this.text = contentText(params.content);
      this.tags = params.content.flatMap((part) =>
        part.type === "input_tag" ? [entityOfTag(part)] : [],
      );
    }
    if (params.selectedToolId !== undefined) this.selectTool(params.selectedToolId);
    if (params.selectedModelId !== undefined) this.selectModel(params.selectedModelId);
    this.session.host.requestRender();
  }

  selectTool(toolId: string | null): void {
    if (toolId === this.selectedToolId) return;
    this.selectedToolId = toolId;
    this.session.host.emit("chatkit.tool.change", { toolId });
    this.session.host.requestRender();
  }

  selectModel(modelId: string | null): void {
    this.selectedModelId = modelId;
    this.session.host.requestRender();
  }

  /** The model sent as `inference_options.model`, if the composer offers models. */
  modelId(): string | undefined {
    const models = (this.session.host.options()?.composer?.models ?? []).filter((m) => !m.disabled);
    const chosen =
      models.find((m) => m.id === this.selectedModelId) ??
      models.find((m) => m.default) ??
      models[0];
    return chosen?.id;
  }

  /** Locked and closed threads take no new messages; the reason is shown instead. */
  lock(): { type: "locked" | "closed"; reason?: string } | null {
    const status = this.session.thread.thread?.status;
    if (!status || status.type === "active") return null;
    return status.reason ? { type: status.type, reason: status.reason } : { type: status.type };
  }
}
