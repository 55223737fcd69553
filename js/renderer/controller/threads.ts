/** Opening threads: by id, the newest page of a long one, older pages, or a new empty thread. */
import { prependItems } from "../state/reducer";
import { emptyThreadState, loadedThreadState } from "../state/thread-state";
import type { ChatSession } from "./session";

const PAGE_SIZE = 20;

export class ThreadLoader {
  /** Called when the open thread is replaced, so per-thread UI state can be dropped. */
  onReset: () => void = () => undefined;

  constructor(private readonly session: ChatSession) {}

  async open(threadId: string | null): Promise<void> {
    const { session } = this;
    if (threadId === session.threadId) return;
    session.assertIdle();
    if (threadId === null) {
      this.startNew();
      return;
    }
    await this.load(threadId, true);
  }

  /** Re-reads the open thread from the server (after it was changed outside the chat). */
  async fetchUpdates(): Promise<void> {
    const { session } = this;
    if (!session.threadId || session.responding) return;
    await this.load(session.threadId, false);
  }

  /** Pages one step further back through a long thread. */
  async loadOlder(): Promise<void> {
    const { session } = this;
    const threadId = session.threadId;
    if (!threadId || !session.olderCursor) return;
    const page = await session.client().listItems(threadId, PAGE_SIZE, "desc", session.olderCursor);
    session.thread = prependItems(session.thread, page.data.slice().reverse());
    session.olderCursor = page.has_more ? page.data.at(-1)?.id : undefined;
    session.host.requestRender();
  }

  startNew(): void {
    const { session } = this;
    const hadThread = session.threadId !== null;
    this.onReset();
    session.thread = emptyThreadState();
    session.olderCursor = undefined;
    session.feedback = {};
    if (hadThread) session.host.emit("chatkit.thread.change", { threadId: null });
    session.host.requestRender();
  }

  /**
   * `get_by_id` returns the *first* 20 items (asc). For longer threads we show the newest page
   * instead (items.list desc) and page back with "load earlier".
   */
  private async load(threadId: string, announce: boolean): Promise<void> {
    const { session } = this;
    const { host } = session;
    if (announce) {
      host.emit("chatkit.thread.load.start", { threadId });
      session.loadingThread = true;
      host.requestRender();
    }
    try {
      const client = session.client();
      const thread = await client.getThread(threadId);
      let items = thread.items?.data ?? [];
      let older: string | undefined;
      if (thread.items?.has_more) {
        const newest = await client.listItems(threadId, PAGE_SIZE, "desc");
        items = newest.data.slice().reverse();
        older = newest.has_more ? newest.data.at(-1)?.id : undefined;
      }
      const changed = session.threadId !== thread.id;
      session.thread = loadedThreadState(thread, items);
      session.olderCursor = older;
      session.pendingUserText = null;
      if (changed) host.emit("chatkit.thread.change", { threadId: thread.id });
    } catch (error) {
      session.reportError(error);
      throw error;
    } finally {
      if (announce) {
        session.loadingThread = false;
        host.emit("chatkit.thread.load.end", { threadId });
      }
      host.requestRender();
    }
  }
}
