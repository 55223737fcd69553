/** The history panel: `threads.list` with paging, open, rename and delete. */
import type { ThreadMetadata } from "../protocol/types";
import type { ChatSession } from "./session";
import type { ThreadLoader } from "./threads";

const PAGE_SIZE = 20;

export class History {
  open = false;
  threads: ThreadMetadata[] = [];
  hasMore = false;
  after: string | undefined;
  loading = false;

  constructor(
    private readonly session: ChatSession,
    private readonly loader: ThreadLoader,
  ) {}

  async show(): Promise<void> {
    if (!this.open) {
      this.open = true;
      this.threads = [];
      this.after = undefined;
      this.hasMore = false;
      this.session.host.emit("chatkit.history.open", undefined);
    }
    await this.loadMore();
  }

  hide(): void {
    if (!this.open) return;
    this.open = false;
    this.session.host.emit("chatkit.history.close", undefined);
    this.session.host.requestRender();
  }

  async loadMore(): Promise<void> {
    const { session } = this;
    this.loading = true;
    session.host.requestRender();
    try {
      const page = await session.client().listThreads(PAGE_SIZE, this.after);
      this.threads = [...this.threads, ...page.data];
      this.hasMore = page.has_more;
      this.after = page.after ?? this.threads.at(-1)?.id;
    } catch (error) {
      session.reportError(error);
    } finally {
      this.loading = false;
      session.host.requestRender();
    }
  }

  async openThread(threadId: string): Promise<void> {
    this.hide();
    await this.loader.open(threadId);
  }

  async rename(threadId: string, title: string): Promise<void> {
    const { session } = this;
    const updated = await session.client().updateThread(threadId, title);
    const newTitle = updated.title ?? title;
    this.threads = this.threads.map((t) => (t.id === threadId ? { ...t, title: newTitle } : t));
    if (session.threadId === threadId && session.thread.thread) {
      session.thread = {
        ...session.thread,
        thread: { ...session.thread.thread, title: newTitle },
      };
    }
    session.host.requestRender();
  }

  async delete(threadId: string): Promise<void> {
    const { session } = this;
    await session.client().deleteThread(threadId);
    this.threads = this.threads.filter((t) => t.id !== threadId);
    if (session.threadId === threadId) this.loader.startNew();
    session.host.requestRender();
  }
}
