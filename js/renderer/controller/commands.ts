/**
 * The "/" command menu: what `commands.onSearch` found for the typed query, or the commands of a
 * `{type: "menu"}` selection (then filtered locally by what is typed after the "/").
 */
import type { Command, CommandSelection } from "@openai/chatkit";
import type { Composer } from "./composer";
import { asError, type ChatSession } from "./session";

export interface CommandMenuState {
  query: string;
  /** Index of the "/" in the composer text; -1 when the menu button opened it without one. */
  start: number;
  results: Command[];
  active: number;
  loading: boolean;
  submenu: Command[] | null;
}

/** A "/" at the very start of the composer, followed by the query typed so far. */
const COMMAND_QUERY = /^\/([^\s/]*)$/;

export class Commands {
  menu: CommandMenuState | null = null;
  private seq = 0;

  constructor(
    private readonly session: ChatSession,
    private readonly composer: Composer,
  ) {}

  enabled(): boolean {
    return this.session.host.options()?.commands?.enabled === true;
  }

  /** Called on every composer edit: a "/query" at the start of the text searches commands. */
  async update(text: string, caret: number): Promise<void> {
    const match = this.enabled() ? COMMAND_QUERY.exec(text.slice(0, caret)) : null;
    if (!match) {
      this.close();
      return;
    }
    await this.search(match[1] ?? "", 0);
  }

  /** The menu button: with an empty composer it types the "/", else it opens the menu as is. */
  async open(): Promise<void> {
    if (!this.enabled()) return;
    if (!this.composer.text) {
      this.composer.text = "/";
      await this.search("", 0);
    } else {
      await this.search("", -1);
    }
  }

  close(): void {
    this.seq++;
    if (!this.menu) return;
    this.menu = null;
    this.session.host.requestRender();
  }

  move(delta: number): void {
    const menu = this.menu;
    if (!menu?.results.length) return;
    const count = menu.results.length;
    this.menu = { ...menu, active: (menu.active + delta + count) % count };
    this.session.host.requestRender();
  }

  /**
   * Runs `commands.onSelect`: an entity replaces the typed "/query" with its tag, a menu replaces
   * the results (the "/" stays, to filter it), nothing removes the "/query" and closes the menu.
   * Resolves to the caret position for the composer, or null when the menu was closed meanwhile.
   */
  async choose(command: Command): Promise<number | null> {
    const { composer, session } = this;
    const { host } = session;
    const menu = this.menu;
    if (!menu) return null;
    const seq = ++this.seq;
    const { start, query } = menu;
    const typedEnd = start >= 0 ? start + 1 + query.length : composer.text.length;
    const typedStart = start >= 0 ? start : composer.text.length;
    this.menu = { ...menu, loading: true };
    host.requestRender();
    let selection: CommandSelection | undefined;
    try {
      selection = (await host.options()?.commands?.onSelect?.(command)) ?? undefined;
    } catch (error) {
      if (seq === this.seq) this.close();
      host.emit("chatkit.error", { error: asError(error) });
      return null;
    }
    if (seq !== this.seq) return null;
    const before = composer.text.slice(0, typedStart);
    const after = composer.text.slice(typedEnd);
    if (selection?.type === "menu") {
      const slash = start >= 0 ? "/" : "";
      composer.text = before + slash + after;
      this.menu = {
        query: "",
        start,
        results: selection.commands,
        active: 0,
        loading: false,
        submenu: selection.commands,
      };
      host.requestRender();
      return typedStart + slash.length;
    }
    if (selection?.type === "entity") {
      const { entity } = selection;
      const spacer = before && !/\s$/.test(before) ? " " : "";
      const inserted = `${spacer}@${entity.title} `;
      composer.text = before + inserted + after;
      composer.addTag(entity);
      this.close();
      host.requestRender();
      return typedStart + inserted.length;
    }
    composer.text = before + after;
    this.close();
    host.requestRender();
    return typedStart;
  }

  private async search(query: string, start: number): Promise<void> {
    const { host } = this.session;
    const seq = ++this.seq;
    const submenu = this.menu?.submenu ?? null;
    if (submenu) {
      const needle = query.toLowerCase();
      const results = submenu.filter((command) => command.label.toLowerCase().includes(needle));
      this.menu = { query, start, results, active: 0, loading: false, submenu };
      host.requestRender();
      return;
    }
    const search = host.options()?.commands?.onSearch;
    this.menu = {
      query,
      start,
      results: this.menu?.results ?? [],
      active: 0,
      loading: !!search,
      submenu: null,
    };
    host.requestRender();
    if (!search) return;
    try {
      const results = await search(query);
      if (seq !== this.seq || !this.menu) return;
      this.menu = { ...this.menu, results: results ?? [], loading: false, active: 0 };
    } catch (error) {
      if (seq === this.seq) this.menu = null;
      host.emit("chatkit.error", { error: asError(error) });
    }
    host.requestRender();
  }
}
