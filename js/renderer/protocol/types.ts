/**
 * Wire types of the ChatKit server protocol (chatkit-python 1.6.5, `chatkit/types.py`).
 * `@openai/chatkit` only types the client options, so the server's event and item shapes live here.
 * Fields mirror the JSON the server emits (`exclude_none`: optional fields may be absent).
 */
import type { Widgets } from "@openai/chatkit";

export type ThreadStatus =
  | { type: "active" }
  | { type: "locked"; reason?: string }
  | { type: "closed"; reason?: string };

export interface Page<T> {
  data: T[];
  has_more: boolean;
  after?: string;
}

export interface ThreadMetadata {
  id: string;
  title?: string;
  created_at: string;
  status: ThreadStatus;
  allowed_image_domains?: string[];
  metadata?: Record<string, unknown>;
}

export interface Thread extends ThreadMetadata {
  items: Page<ThreadItem>;
}

export interface SourceBase {
  title: string;
  description?: string;
  timestamp?: string;
  group?: string;
}
export interface URLSource extends SourceBase {
  type: "url";
  url: string;
  attribution?: string;
}
export interface FileSource extends SourceBase {
  type: "file";
  filename: string;
}
export interface EntitySource extends SourceBase {
  type: "entity";
  id: string;
  icon?: string;
  label?: string;
  inline_label?: string;
  interactive?: boolean;
  data?: Record<string, unknown>;
}
export type Source = URLSource | FileSource | EntitySource;

export interface Annotation {
  type: "annotation";
  source: Source;
  index?: number;
}

export interface AssistantMessageContent {
  type: "output_text";
  text: string;
  annotations: Annotation[];
}

export type UserMessageContent =
  | { type: "input_text"; text: string }
  | {
      type: "input_tag";
      id: string;
      text: string;
      data?: Record<string, unknown>;
      group?: string;
      interactive?: boolean;
    };

export interface AttachmentWire {
  type: "file" | "image";
  id: string;
  name: string;
  mime_type: string;
  preview_url?: string;
  /** Two-phase upload: where the client sends the bytes (cleared once uploaded). */
  upload_descriptor?: { url: string; method: "POST" | "PUT"; headers?: Record<string, string> };
  thread_id?: string;
  metadata?: Record<string, unknown>;
}

export interface InferenceOptions {
  tool_choice?: { id: string };
  model?: string;
}

export interface UserMessageInput {
  content: UserMessageContent[];
  attachments: string[];
  quoted_text?: string;
  inference_options: InferenceOptions;
}

interface ItemBase {
  id: string;
  thread_id: string;
  created_at: string;
}

export interface UserMessageItem extends ItemBase {
  type: "user_message";
  content: UserMessageContent[];
  attachments: AttachmentWire[];
  quoted_text?: string;
  inference_options: InferenceOptions;
}
export interface AssistantMessageItem extends ItemBase {
  type: "assistant_message";
  content: AssistantMessageContent[];
}
export interface ClientToolCallItem extends ItemBase {
  type: "client_tool_call";
  status: "pending" | "completed";
  call_id: string;
  name: string;
  arguments: Record<string, unknown>;
  output?: unknown;
}
export interface WidgetItem extends ItemBase {
  type: "widget";
  widget: WidgetRootWire;
  copy_text?: string;
}
export interface GeneratedImageItem extends ItemBase {
  type: "generated_image";
  image?: { id: string; url: string };
}
export interface StructuredInputAnswer {
  values: string[];
  skipped: boolean;
}
export type StructuredInput =
  | {
      type: "multiple_choice";
      id: string;
      question: string;
      options: { value: string }[];
      multiple?: boolean;
      answer?: StructuredInputAnswer;
    }
  | {
      type: "freeform";
      id: string;
      question: string;
      description?: string;
      answer?: StructuredInputAnswer;
    };
export interface StructuredInputItem extends ItemBase {
  type: "structured_input";
  status: "pending" | "answered" | "skipped";
  inputs: StructuredInput[];
}
/** Body of `threads.add_structured_input` (`input`). */
export interface StructuredInputSubmission {
  status: "answered" | "skipped";
  answers: Record<string, StructuredInputAnswer>;
}

export type TaskStatusIndicator = "none" | "loading" | "complete";
export type Task =
  | {
      type: "custom";
      status_indicator?: TaskStatusIndicator;
      title?: string;
      icon?: string;
      content?: string;
    }
  | {
      type: "web_search";
      status_indicator?: TaskStatusIndicator;
      title?: string;
      title_query?: string;
      queries?: string[];
      sources?: URLSource[];
    }
  | { type: "thought"; status_indicator?: TaskStatusIndicator; title?: string; content: string }
  | { type: "file"; status_indicator?: TaskStatusIndicator; title?: string; sources?: FileSource[] }
  | { type: "image"; status_indicator?: TaskStatusIndicator; title?: string };

export type WorkflowSummary = { title: string; icon?: string } | { duration: number };

export interface WorkflowItem extends ItemBase {
  type: "workflow";
  workflow: {
    type: "custom" | "reasoning";
    tasks: Task[];
    summary?: WorkflowSummary;
    expanded?: boolean;
  };
}
export interface TaskItem extends ItemBase {
  type: "task";
  task: Task;
}
export interface EndOfTurnItem extends ItemBase {
  type: "end_of_turn";
}

export type ThreadItem =
  | UserMessageItem
  | AssistantMessageItem
  | ClientToolCallItem
  | WidgetItem
  | GeneratedImageItem
  | StructuredInputItem
  | WorkflowItem
  | TaskItem
  | EndOfTurnItem;

/** Widget trees are open-ended on the wire (dynamic components, Chart, Table…). */
export type WidgetRootWire = Widgets.WidgetRoot;
export interface WidgetNode {
  type: string;
  id?: string;
  key?: string;
  children?: WidgetNode[] | WidgetNode;
  [prop: string]: unknown;
}

/** Server-side ActionConfig: the client type lacks routing fields, so they are added here. */
export interface ActionConfig {
  type: string;
  payload?: Record<string, unknown> | null;
  handler?: "client" | "server";
  loadingBehavior?: "auto" | "none" | "self" | "container";
  streaming?: boolean;
}

export type ThreadItemUpdate =
  | {
      type: "assistant_message.content_part.added";
      content_index: number;
      content: AssistantMessageContent;
    }
  | { type: "assistant_message.content_part.text_delta"; content_index: number; delta: string }
  | {
      type: "assistant_message.content_part.annotation_added";
      content_index: number;
      annotation_index: number;
      annotation: Annotation;
    }
  | {
      type: "assistant_message.content_part.done";
      content_index: number;
      content: AssistantMessageContent;
    }
  | {
      type: "widget.streaming_text.value_delta";
      component_id: string;
      delta: string;
      done: boolean;
    }
  | { type: "widget.root.updated"; widget: WidgetRootWire }
  | { type: "widget.component.updated"; component_id: string; component: WidgetNode }
  | { type: "workflow.task.added"; task_index: number; task: Task }
  | { type: "workflow.task.updated"; task_index: number; task: Task }
  | { type: "generated_image.updated"; image: { id: string; url: string }; progress?: number };

export type NoticeLevel = "info" | "warning" | "danger";

export type ThreadStreamEvent =
  | { type: "thread.created"; thread: Thread }
  | { type: "thread.updated"; thread: Thread }
  | { type: "thread.item.added"; item: ThreadItem }
  | { type: "thread.item.updated"; item_id: string; update: ThreadItemUpdate }
  | { type: "thread.item.done"; item: ThreadItem }
  | { type: "thread.item.removed"; item_id: string }
  | { type: "thread.item.replaced"; item: ThreadItem }
  | { type: "stream_options"; stream_options: { allow_cancel: boolean } }
  | { type: "progress_update"; icon?: string; text: string }
  | { type: "client_effect"; name: string; data?: Record<string, unknown> }
  | { type: "error"; code?: string; message?: string; allow_retry?: boolean }
  | { type: "notice"; level: NoticeLevel; message: string; title?: string };

export interface SyncCustomActionResponse {
  updated_item?: ThreadItem;
}
