/** `@` mentions: an `@word` before the caret searches `entities.onTagSearch`; a choice is a tag. */
import type { Entity } from "@openai/chatkit";
import type { Composer } from "./composer";
import { asError, type ChatSession } from "./session";

/** The `@` mention being typed in the composer and the entities `onTagSearch` found for it. */
export interface MentionState {
  query: string;
  /** Index of the `@` in the composer text. */
  start: number;
  results: Entity[];
  active: number;
  loading: boolean;
}

export class Mentions {
  state: MentionState | null = null;
  private seq = 0;

  constructor(
    private readonly session: ChatSession,
    private readonly composer: Composer,
  ) {}

  /** Called on every composer edit. */
  async update(text: string, caret: number): Promise<void> {
    const { host } = this.session;
    const search = host.options()?.entities?.onTagSearch;
    const match = search ? /(^|\s)@([^\s@]*)$/.exec(text.slice(0, caret)) : null;
    if (!search || !match) {
      this.close();
      return;
    }
    const query = match[2] ?? "";
    const seq = ++this.seq;
    this.state = {
      query,
      start: caret - query.length - 1,
      results: this.state?.results ?? [],
      active: 0,
      loading: true,
    };
    host.requestRender();
    try {
      const results = await search(query);
      if (seq !== this.seq || !this.state) return;
      this.state = { ...this.state, results: results ?? [], loading: false, active: 0 };
    } catch (error) {
      if (seq === this.seq) this.state = null;
      host.emit("chatkit.error", { error: asError(error) });
    }
    host.requestRender();
  }

  close(): void {
    this.seq++;
    if (!this.state) return;
    this.state = null;
    this.session.host.requestRender();
  }

  move(delta: number): void {
    const mention = this.state;
    if (!mention?.results.length) return;
    const count = mention.results.length;
    this.state = { ...mention, active: (mention.active + delta + count) % count };
    this.session.host.requestRender();
  }

  /** Replaces the typed `@query` with `@title ` and records the tag; returns the new caret. */
  choose(entity: Entity): number {
    const { composer } = this;
    const mention = this.state;
    const start = mention?.start ?? composer.text.length;
    const end = mention ? start + 1 + mention.query.length : start;
    const inserted = `@${entity.title} `;
    composer.text = composer.text.slice(0, start) + inserted + composer.text.slice(end);
    composer.addTag(entity);
    this.close();
    this.session.host.requestRender();
    return start + inserted.length;
  }
}
