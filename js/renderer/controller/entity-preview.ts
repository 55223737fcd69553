/** Hover cards of entity tags and sources: `entities.onRequestPreview` answers with a widget. */
import type { Entity, Widgets } from "@openai/chatkit";
import { asError, type ChatSession } from "./session";

/** A hover card for an entity tag: `key` names the tag (item id + part index). */
export interface EntityPreview {
  key: string;
  widget: Widgets.BasicRoot | null;
  loading: boolean;
}

export class EntityPreviews {
  current: EntityPreview | null = null;

  constructor(private readonly session: ChatSession) {}

  async show(key: string, entity: Entity): Promise<void> {
    const { host } = this.session;
    const request = host.options()?.entities?.onRequestPreview;
    if (!request) return;
    this.current = { key, widget: null, loading: true };
    host.requestRender();
    try {
      const { preview } = await request(entity);
      if (this.current?.key !== key) return;
      this.current = { key, widget: preview ?? null, loading: false };
    } catch (error) {
      if (this.current?.key === key) this.current = null;
      host.emit("chatkit.error", { error: asError(error) });
    }
    host.requestRender();
  }

  hide(key: string): void {
    if (this.current?.key !== key) return;
    this.current = null;
    this.session.host.requestRender();
  }

  clear(): void {
    this.current = null;
  }
}
