/** The renderer's view of one thread: items plus the ephemeral stream status around them. */
import type { NoticeLevel, ThreadItem, ThreadMetadata } from "../protocol/types";

export interface Notice {
  level: NoticeLevel;
  message: string;
  title?: string;
}

export interface StreamError {
  message: string;
  code?: string;
  allowRetry: boolean;
}

export interface ThreadState {
  thread: ThreadMetadata | null;
  /** Items in display order (oldest first). */
  items: readonly ThreadItem[];
  /** Items announced by `thread.item.added` but not yet `done`. */
  pendingItemIds: ReadonlySet<string>;
  /** Progress of generated images by item id (0..1). */
  imageProgress: Readonly<Record<string, number>>;
  allowCancel: boolean;
  progress: { icon?: string; text: string } | null;
  notices: readonly Notice[];
  error: StreamError | null;
}

export function emptyThreadState(): ThreadState {
  return {
    thread: null,
    items: [],
    pendingItemIds: new Set(),
    imageProgress: {},
    allowCancel: false,
    progress: null,
    notices: [],
    error: null,
  };
}

/** State for a thread loaded from the server (get_by_id / items.list). */
export function loadedThreadState(
  thread: ThreadMetadata,
  items: readonly ThreadItem[],
): ThreadState {
  return { ...emptyThreadState(), thread: stripItems(thread), items };
}

export function stripItems(thread: ThreadMetadata & { items?: unknown }): ThreadMetadata {
  const { items: _items, ...meta } = thread;
  return meta;
}
