/** Pure application of `ThreadItemUpdate`s to one item. Unknown or mismatched updates are no-ops. */
import type {
  AssistantMessageContent,
  ThreadItem,
  ThreadItemUpdate,
  WidgetNode,
  WidgetRootWire,
} from "../protocol/types";

export function applyItemUpdate(item: ThreadItem, update: ThreadItemUpdate): ThreadItem {
  switch (update.type) {
    case "assistant_message.content_part.added":
    case "assistant_message.content_part.done":
      if (item.type !== "assistant_message") return item;
      return { ...item, content: setAt(item.content, update.content_index, update.content) };
    case "assistant_message.content_part.text_delta": {
      if (item.type !== "assistant_message") return item;
      const part = item.content[update.content_index] ?? emptyPart();
      const text = part.text + update.delta;
      return { ...item, content: setAt(item.content, update.content_index, { ...part, text }) };
    }
    case "assistant_message.content_part.annotation_added": {
      if (item.type !== "assistant_message") return item;
      const part = item.content[update.content_index] ?? emptyPart();
      const annotations = setAt(part.annotations ?? [], update.annotation_index, update.annotation);
      return {
        ...item,
        content: setAt(item.content, update.content_index, { ...part, annotations }),
      };
    }
    case "widget.streaming_text.value_delta":
      if (item.type !== "widget") return item;
      return {
        ...item,
        widget: mapComponent(item.widget, update.component_id, (node) => ({
          ...node,
          value: String(node.value ?? "") + update.delta,
          streaming: !update.done,
        })),
      };
    case "widget.root.updated":
      if (item.type !== "widget") return item;
      return { ...item, widget: update.widget };
    case "widget.component.updated":
      if (item.type !== "widget") return item;
      return {
        ...item,
        widget: mapComponent(item.widget, update.component_id, () => update.component),
      };
    case "workflow.task.added":
    case "workflow.task.updated": {
      if (item.type !== "workflow") return item;
      const tasks = setAt(item.workflow.tasks, update.task_index, update.task);
      return { ...item, workflow: { ...item.workflow, tasks } };
    }
    case "generated_image.updated":
      if (item.type !== "generated_image") return item;
      return { ...item, image: update.image };
    default:
      return item;
  }
}

function emptyPart(): AssistantMessageContent {
  return { type: "output_text", text: "", annotations: [] };
}

/** Copy of `list` with `value` at `index` (appends when index is past the end). */
function setAt<T>(list: readonly T[], index: number, value: T): T[] {
  const copy = list.slice();
  if (index >= copy.length) copy.push(value);
  else copy[index] = value;
  return copy;
}

/** Rebuilds only the path to the component with `id`; untouched branches keep their identity. */
export function mapComponent(
  root: WidgetRootWire,
  id: string,
  fn: (node: WidgetNode) => WidgetNode,
): WidgetRootWire {
  return mapNode(root as unknown as WidgetNode, id, fn) as unknown as WidgetRootWire;
}

function mapNode(node: WidgetNode, id: string, fn: (node: WidgetNode) => WidgetNode): WidgetNode {
  if (node.id === id) return fn(node);
  const { children } = node;
  if (!children) return node;
  if (Array.isArray(children)) {
    let changed = false;
    const next = children.map((child) => {
      const mapped = mapNode(child, id, fn);
      if (mapped !== child) changed = true;
      return mapped;
    });
    return changed ? { ...node, children: next } : node;
  }
  const mapped = mapNode(children, id, fn);
  return mapped === children ? node : { ...node, children: mapped };
}
