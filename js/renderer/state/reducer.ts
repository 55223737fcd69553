/**
 * Pure, synchronous reducer from `ThreadStreamEvent`s to `ThreadState`. Side effects
 * (`client_effect` → DOM event) belong to the caller; the reducer only records state.
 */
import type { ThreadItem, ThreadStreamEvent } from "../protocol/types";
import { applyItemUpdate } from "./item-updates";
import { stripItems, type ThreadState } from "./thread-state";

export function reduceEvent(state: ThreadState, event: ThreadStreamEvent): ThreadState {
  switch (event.type) {
    case "thread.created":
    case "thread.updated":
      return { ...state, thread: stripItems(event.thread) };
    case "thread.item.added":
      return {
        ...upsertItem(state, event.item),
        pendingItemIds: withId(state.pendingItemIds, event.item.id),
        progress: null,
      };
    case "thread.item.done":
      return {
        ...upsertItem(state, event.item),
        pendingItemIds: withoutId(state.pendingItemIds, event.item.id),
        progress: null,
      };
    case "thread.item.replaced":
      return upsertItem(state, event.item);
    case "thread.item.updated": {
      const next = updateItem(state, event.item_id, (item) => applyItemUpdate(item, event.update));
      const { update } = event;
      if (update.type !== "generated_image.updated" || update.progress === undefined) return next;
      return {
        ...next,
        imageProgress: { ...next.imageProgress, [event.item_id]: update.progress },
      };
    }
    case "thread.item.removed":
      return {
        ...state,
        items: state.items.filter((item) => item.id !== event.item_id),
        pendingItemIds: withoutId(state.pendingItemIds, event.item_id),
      };
    case "stream_options":
      return { ...state, allowCancel: event.stream_options.allow_cancel };
    case "progress_update":
      return {
        ...state,
        progress: { text: event.text, ...(event.icon ? { icon: event.icon } : {}) },
      };
    case "notice":
      return {
        ...state,
        notices: [
          ...state.notices,
          {
            level: event.level,
            message: event.message,
            ...(event.title ? { title: event.title } : {}),
          },
        ],
      };
    case "error":
      return {
        ...state,
        progress: null,
        error: {
          message: event.message ?? "",
          allowRetry: event.allow_retry ?? false,
          ...(event.code ? { code: event.code } : {}),
        },
      };
    case "client_effect":
      return state;
    default:
      return state;
  }
}

/** Applies a batch of events in order (one render per batch). */
export function reduceEvents(
  state: ThreadState,
  events: readonly ThreadStreamEvent[],
): ThreadState {
  return events.reduce(reduceEvent, state);
}

/** Stream start: clear the previous turn's ephemeral status. */
export function beginStream(state: ThreadState): ThreadState {
  return { ...state, error: null, notices: [], progress: null, allowCancel: false };
}

/** Stream end (normal, aborted or failed): nothing is pending or cancellable any more. */
export function endStream(state: ThreadState): ThreadState {
  return { ...state, pendingItemIds: new Set(), progress: null, allowCancel: false };
}

export function withError(state: ThreadState, message: string, allowRetry: boolean): ThreadState {
  return { ...state, error: { message, allowRetry } };
}

/** Upserts an item (e.g. a sync action's `updated_item`). */
export function replaceItem(state: ThreadState, item: ThreadItem): ThreadState {
  return upsertItem(state, item);
}

/** Retry deletes everything after the user message on the server without removal events. */
export function truncateAfter(state: ThreadState, itemId: string): ThreadState {
  const index = state.items.findIndex((item) => item.id === itemId);
  if (index === -1) return state;
  return { ...state, items: state.items.slice(0, index + 1), error: null };
}

/** The server marks a client tool call completed without emitting an event. */
export function completeClientToolCall(
  state: ThreadState,
  itemId: string,
  output: unknown,
): ThreadState {
  return updateItem(state, itemId, (item) =>
    item.type === "client_tool_call" ? { ...item, status: "completed", output } : item,
  );
}

/** Prepends an older page of items, skipping ids already present. */
export function prependItems(state: ThreadState, older: readonly ThreadItem[]): ThreadState {
  const known = new Set(state.items.map((item) => item.id));
  return { ...state, items: [...older.filter((item) => !known.has(item.id)), ...state.items] };
}

function upsertItem(state: ThreadState, item: ThreadItem): ThreadState {
  const index = state.items.findIndex((existing) => existing.id === item.id);
  if (index === -1) return { ...state, items: [...state.items, item] };
  const items = state.items.slice();
  items[index] = item;
  return { ...state, items };
}

function updateItem(
  state: ThreadState,
  itemId: string,
  fn: (item: ThreadItem) => ThreadItem,
): ThreadState {
  const index = state.items.findIndex((item) => item.id === itemId);
  const current = state.items[index];
  if (current === undefined) return state;
  const next = fn(current);
  if (next === current) return state;
  const items = state.items.slice();
  items[index] = next;
  return { ...state, items };
}

function withId(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  return new Set(ids).add(id);
}

function withoutId(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  if (!ids.has(id)) return ids;
  const next = new Set(ids);
  next.delete(id);
  return next;
}
