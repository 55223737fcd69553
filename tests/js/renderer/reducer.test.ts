import { describe, expect, it } from "vitest";
import type {
  ThreadItem,
  ThreadStreamEvent,
  WidgetItem,
} from "../../../js/renderer/protocol/types";
import { FrameBatcher } from "../../../js/renderer/state/frame-batcher";
import {
  beginStream,
  completeClientToolCall,
  endStream,
  prependItems,
  reduceEvent,
  reduceEvents,
  truncateAfter,
} from "../../../js/renderer/state/reducer";
import { emptyThreadState, type ThreadState } from "../../../js/renderer/state/thread-state";
import { assistantItem, createSequence, T0, threadJson, userItem } from "./helpers";

/** Parses like the wire does: the reducer only ever sees JSON.parse output. */
function wire(events: unknown[]): ThreadStreamEvent[] {
  return JSON.parse(JSON.stringify(events)) as ThreadStreamEvent[];
}

function run(events: unknown[], state: ThreadState = emptyThreadState()): ThreadState {
  return reduceEvents(state, wire(events));
}

function item<T extends ThreadItem["type"]>(
  state: ThreadState,
  id: string,
): Extract<ThreadItem, { type: T }> {
  return state.items.find((i) => i.id === id) as Extract<ThreadItem, { type: T }>;
}

describe("thread events", () => {
  it("applies the captured threads.create sequence", () => {
    const events = createSequence();
    const midway = run(events.slice(0, 7));
    expect(midway.thread).toEqual({
      id: "thr_6112dc7d",
      created_at: T0,
      status: { type: "active" },
      metadata: {},
    });
    expect(midway.allowCancel).toBe(true);
    expect(midway.pendingItemIds.has("msg_5f790599")).toBe(true);
    expect(item<"assistant_message">(midway, "msg_5f790599").content[0]?.text).toBe("Hello");
    const done = run(events);
    expect(done.items.map((i) => i.type)).toEqual(["user_message", "assistant_message"]);
    expect(done.pendingItemIds.size).toBe(0);
    expect(done.progress).toBeNull();
  });

  it("thread.updated sets the title (items are dropped from metadata)", () => {
    const state = run([{ type: "thread.updated", thread: threadJson("thr_1", "My title") }]);
    expect(state.thread?.title).toBe("My title");
    expect(state.thread).not.toHaveProperty("items");
  });

  it("thread.item.removed and thread.item.replaced", () => {
    let state = run([
      { type: "thread.item.done", item: userItem("msg_1", "a") },
      { type: "thread.item.added", item: assistantItem("msg_2", "") },
    ]);
    state = run([{ type: "thread.item.replaced", item: userItem("msg_1", "b") }], state);
    expect(item<"user_message">(state, "msg_1").content[0]).toEqual({
      type: "input_text",
      text: "b",
    });
    state = run([{ type: "thread.item.removed", item_id: "msg_2" }], state);
    expect(state.items.map((i) => i.id)).toEqual(["msg_1"]);
    expect(state.pendingItemIds.size).toBe(0);
  });

  it("progress_update is ephemeral: cleared by the next item", () => {
    let state = run([{ type: "progress_update", icon: "bolt", text: "thinking" }]);
    expect(state.progress).toEqual({ icon: "bolt", text: "thinking" });
    state = run([{ type: "thread.item.added", item: assistantItem("m", "") }], state);
    expect(state.progress).toBeNull();
  });

  it("notice, error and client_effect", () => {
    const state = run([
      { type: "notice", level: "warning", message: "**careful**", title: "Heads up" },
      { type: "client_effect", name: "highlight", data: { id: 1 } },
      { type: "error", code: "stream.error", allow_retry: true },
    ]);
    expect(state.notices).toEqual([
      { level: "warning", message: "**careful**", title: "Heads up" },
    ]);
    expect(state.error).toEqual({ message: "", code: "stream.error", allowRetry: true });
    const custom = run([{ type: "error", code: "custom", message: "boom", allow_retry: false }]);
    expect(custom.error).toEqual({ message: "boom", code: "custom", allowRetry: false });
  });

  it("stream_options toggles the stop button and endStream resets it", () => {
    const state = run([{ type: "stream_options", stream_options: { allow_cancel: true } }]);
    expect(state.allowCancel).toBe(true);
    expect(endStream(state).allowCancel).toBe(false);
  });

  it("ignores updates for unknown items and unknown event types", () => {
    const state = emptyThreadState();
    expect(
      reduceEvent(state, {
        type: "thread.item.updated",
        item_id: "nope",
        update: { type: "assistant_message.content_part.text_delta", content_index: 0, delta: "x" },
      }),
    ).toBe(state);
    expect(reduceEvent(state, { type: "something.new" } as unknown as ThreadStreamEvent)).toBe(
      state,
    );
  });
});

describe("assistant message updates", () => {
  const base = () => run([{ type: "thread.item.added", item: assistantItem("m", "") }]);
  const update = (u: unknown) => ({ type: "thread.item.updated", item_id: "m", update: u });

  it("content_part.added, text_delta, annotation_added, content_part.done", () => {
    const source = { type: "url", title: "Docs", url: "https://example.com" };
    const state = run(
      [
        update({
          type: "assistant_message.content_part.added",
          content_index: 0,
          content: { annotations: [], text: "", type: "output_text" },
        }),
        update({
          type: "assistant_message.content_part.text_delta",
          content_index: 0,
          delta: "Hel",
        }),
        update({
          type: "assistant_message.content_part.text_delta",
          content_index: 0,
          delta: "lo",
        }),
        update({
          type: "assistant_message.content_part.annotation_added",
          content_index: 0,
          annotation_index: 0,
          annotation: { type: "annotation", source, index: 5 },
        }),
      ],
      base(),
    );
    const part = item<"assistant_message">(state, "m").content[0];
    expect(part?.text).toBe("Hello");
    expect(part?.annotations).toEqual([{ type: "annotation", source, index: 5 }]);
    const done = run(
      [
        update({
          type: "assistant_message.content_part.done",
          content_index: 0,
          content: { annotations: [], text: "Final", type: "output_text" },
        }),
      ],
      state,
    );
    expect(item<"assistant_message">(done, "m").content[0]?.text).toBe("Final");
  });

  it("keeps identity of untouched items and parts (so finished DOM is kept)", () => {
    const first = run([{ type: "thread.item.done", item: assistantItem("a", "done") }]);
    const next = run([{ type: "thread.item.added", item: assistantItem("b", "") }], first);
    const after = run(
      [
        update({ type: "assistant_message.content_part.text_delta", content_index: 0, delta: "x" }),
      ].map((e) => ({ ...e, item_id: "b" })),
      next,
    );
    expect(after.items[0]).toBe(first.items[0]);
  });
});

describe("widget updates", () => {
  const widgetItem: WidgetItem = {
    id: "w",
    thread_id: "t",
    created_at: T0,
    type: "widget",
    widget: {
      type: "Card",
      children: [
        { id: "md", type: "Markdown", value: "Hel", streaming: true },
        { type: "Row", children: [{ id: "t", type: "Text", value: "x" }] },
      ],
    },
  } as unknown as WidgetItem;
  const base = () => run([{ type: "thread.item.added", item: widgetItem }]);
  const children = (s: ThreadState) =>
    (item<"widget">(s, "w").widget as unknown as { children: Record<string, unknown>[] }).children;

  it("widget.streaming_text.value_delta appends and clears streaming when done", () => {
    const start = base();
    let state = run(
      [
        {
          type: "thread.item.updated",
          item_id: "w",
          update: {
            type: "widget.streaming_text.value_delta",
            component_id: "md",
            delta: "lo",
            done: false,
          },
        },
      ],
      start,
    );
    expect(children(state)[0]).toMatchObject({ value: "Hello", streaming: true });
    state = run(
      [
        {
          type: "thread.item.updated",
          item_id: "w",
          update: {
            type: "widget.streaming_text.value_delta",
            component_id: "md",
            delta: "!",
            done: true,
          },
        },
      ],
      state,
    );
    expect(children(state)[0]).toMatchObject({ value: "Hello!", streaming: false });
    expect(children(state)[1]).toBe(children(start)[1]);
  });

  it("widget.root.updated replaces the tree; widget.component.updated replaces one node", () => {
    let state = run(
      [
        {
          type: "thread.item.updated",
          item_id: "w",
          update: {
            type: "widget.component.updated",
            component_id: "t",
            component: { id: "t", type: "Text", value: "y" },
          },
        },
      ],
      base(),
    );
    expect((children(state)[1] as { children: unknown[] }).children[0]).toEqual({
      id: "t",
      type: "Text",
      value: "y",
    });
    state = run(
      [
        {
          type: "thread.item.updated",
          item_id: "w",
          update: { type: "widget.root.updated", widget: { type: "ListView", children: [] } },
        },
      ],
      state,
    );
    expect(item<"widget">(state, "w").widget).toEqual({ type: "ListView", children: [] });
  });
});

describe("workflow and image updates", () => {
  it("workflow.task.added / updated from the wire example", () => {
    let state = run([
      {
        type: "thread.item.added",
        item: {
          id: "wf_1",
          thread_id: "thr_1",
          created_at: T0,
          type: "workflow",
          workflow: {
            type: "reasoning",
            tasks: [{ status_indicator: "none", type: "thought", content: "hmm" }],
            expanded: false,
          },
        },
      },
      {
        type: "thread.item.updated",
        item_id: "wf_1",
        update: {
          type: "workflow.task.added",
          task_index: 1,
          task: { status_indicator: "loading", type: "custom", title: "Search", icon: "search" },
        },
      },
    ]);
    expect(item<"workflow">(state, "wf_1").workflow.tasks).toHaveLength(2);
    state = run(
      [
        {
          type: "thread.item.updated",
          item_id: "wf_1",
          update: {
            type: "workflow.task.updated",
            task_index: 1,
            task: { status_indicator: "complete", type: "custom", title: "Search" },
          },
        },
      ],
      state,
    );
    expect(item<"workflow">(state, "wf_1").workflow.tasks[1]).toMatchObject({
      status_indicator: "complete",
    });
  });

  it("generated_image.updated sets the image and progress", () => {
    const state = run([
      {
        type: "thread.item.added",
        item: { id: "img", thread_id: "t", created_at: T0, type: "generated_image" },
      },
      {
        type: "thread.item.updated",
        item_id: "img",
        update: {
          type: "generated_image.updated",
          image: { id: "i1", url: "data:image/png;base64,AAA" },
          progress: 0.5,
        },
      },
    ]);
    expect(item<"generated_image">(state, "img").image).toEqual({
      id: "i1",
      url: "data:image/png;base64,AAA",
    });
    expect(state.imageProgress.img).toBe(0.5);
  });
});

describe("client-side transitions", () => {
  it("truncateAfter drops items newer than the retried user message", () => {
    const state = run([
      { type: "thread.item.done", item: userItem("u1", "a") },
      { type: "thread.item.done", item: assistantItem("a1", "x") },
      { type: "error", code: "stream.error", allow_retry: true },
    ]);
    const truncated = truncateAfter(state, "u1");
    expect(truncated.items.map((i) => i.id)).toEqual(["u1"]);
    expect(truncated.error).toBeNull();
  });

  it("completeClientToolCall marks the pending call completed", () => {
    const state = run([
      {
        type: "thread.item.done",
        item: {
          id: "tc_1",
          thread_id: "t",
          created_at: T0,
          type: "client_tool_call",
          status: "pending",
          call_id: "call_1",
          name: "get_sel",
          arguments: { a: 1 },
        },
      },
    ]);
    expect(
      item<"client_tool_call">(completeClientToolCall(state, "tc_1", { ok: 1 }), "tc_1"),
    ).toMatchObject({ status: "completed", output: { ok: 1 } });
  });

  it("prependItems skips duplicates; beginStream clears the previous error", () => {
    const state = run([
      { type: "thread.item.done", item: userItem("u2", "b") },
      { type: "error", message: "x" },
    ]);
    const prepended = prependItems(state, [
      userItem("u1", "a") as ThreadItem,
      userItem("u2", "b") as ThreadItem,
    ]);
    expect(prepended.items.map((i) => i.id)).toEqual(["u1", "u2"]);
    expect(beginStream(state).error).toBeNull();
  });
});

describe("FrameBatcher", () => {
  it("delivers everything pushed within one frame as one batch", () => {
    const frames: (() => void)[] = [];
    const batches: number[][] = [];
    const batcher = new FrameBatcher<number>(
      (batch) => batches.push(batch),
      (cb) => frames.push(cb),
    );
    batcher.push(1);
    batcher.push(2);
    batcher.push(3);
    expect(frames).toHaveLength(1);
    frames[0]?.();
    expect(batches).toEqual([[1, 2, 3]]);
    batcher.push(4);
    batcher.flush();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });
});
