/**
 * ChatKit protocol client: builds request bodies and talks only through `options.api.fetch`.
 * Streaming requests yield parsed `ThreadStreamEvent`s; the others resolve to their JSON body.
 */
import { readSseJsonBatches } from "./sse";
import type {
  ActionConfig,
  Page,
  StructuredInputSubmission,
  SyncCustomActionResponse,
  Thread,
  ThreadItem,
  ThreadMetadata,
  ThreadStreamEvent,
  UserMessageInput,
} from "./types";

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ClientConfig {
  url: string;
  fetch: FetchLike;
  /** Value for `accept-language`, e.g. "en" or "de". */
  locale: () => string;
}

export type WireAction = Pick<ActionConfig, "type" | "payload">;

/** Error reported by the server, either as a non-2xx JSON body or a failed request. */
export class ChatKitRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorType = "Error",
  ) {
    super(message);
    this.name = "ChatKitRequestError";
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

/** Request bodies, one builder per request type (shapes from chatkit-python `types.py`). */
export const requests = {
  createThread: (input: UserMessageInput) => ({ type: "threads.create", params: { input } }),
  addUserMessage: (threadId: string, input: UserMessageInput) => ({
    type: "threads.add_user_message",
    params: { thread_id: threadId, input },
  }),
  addClientToolOutput: (threadId: string, result: unknown) => ({
    type: "threads.add_client_tool_output",
    params: { thread_id: threadId, result },
  }),
  addStructuredInput: (threadId: string, itemId: string, input: StructuredInputSubmission) => ({
    type: "threads.add_structured_input",
    params: { thread_id: threadId, item_id: itemId, input },
  }),
  retryAfterItem: (threadId: string, itemId: string) => ({
    type: "threads.retry_after_item",
    params: { thread_id: threadId, item_id: itemId },
  }),
  customAction: (threadId: string, action: WireAction, itemId?: string) => ({
    type: "threads.custom_action",
    params: { thread_id: threadId, ...(itemId ? { item_id: itemId } : {}), action: wire(action) },
  }),
  syncCustomAction: (threadId: string, action: WireAction, itemId?: string) => ({
    type: "threads.sync_custom_action",
    params: { thread_id: threadId, ...(itemId ? { item_id: itemId } : {}), action: wire(action) },
  }),
  getThread: (threadId: string) => ({ type: "threads.get_by_id", params: { thread_id: threadId } }),
  listThreads: (limit: number, after?: string) => ({
    type: "threads.list",
    params: { limit, order: "desc", ...(after ? { after } : {}) },
  }),
  listItems: (threadId: string, limit: number, order: "asc" | "desc", after?: string) => ({
    type: "items.list",
    params: { thread_id: threadId, limit, order, ...(after ? { after } : {}) },
  }),
  feedback: (threadId: string, itemIds: string[], kind: "positive" | "negative") => ({
    type: "items.feedback",
    params: { thread_id: threadId, item_ids: itemIds, kind },
  }),
  updateThread: (threadId: string, title: string) => ({
    type: "threads.update",
    params: { thread_id: threadId, title },
  }),
  createAttachment: (name: string, size: number, mimeType: string) => ({
    type: "attachments.create",
    params: { name, size, mime_type: mimeType },
  }),
  deleteAttachment: (attachmentId: string) => ({
    type: "attachments.delete",
    params: { attachment_id: attachmentId },
  }),
  deleteThread: (threadId: string) => ({
    type: "threads.delete",
    params: { thread_id: threadId },
  }),
  transcribe: (audioBase64: string, mimeType: string) => ({
    type: "input.transcribe",
    params: { audio_base64: audioBase64, mime_type: mimeType },
  }),
} as const;

export type ChatKitRequest = ReturnType<(typeof requests)[keyof typeof requests]>;

/** Only `type` and `payload` travel; routing fields (handler, streaming…) stay client-side. */
function wire(action: WireAction): WireAction {
  return action.payload == null
    ? { type: action.type }
    : { type: action.type, payload: action.payload };
}

export class ProtocolClient {
  constructor(private readonly config: ClientConfig) {}

  /** Sends a streaming request and yields its events until the server closes the stream. */
  async *stream(request: ChatKitRequest, signal?: AbortSignal): AsyncGenerator<ThreadStreamEvent> {
    for await (const batch of this.streamBatches(request, signal)) yield* batch;
  }

  /** Like `stream`, one array per network read (what the renderer consumes). */
  async *streamBatches(
    request: ChatKitRequest,
    signal?: AbortSignal,
  ): AsyncGenerator<ThreadStreamEvent[]> {
    const response = await this.post(request, signal);
    if (!response.body) return;
    yield* readSseJsonBatches<ThreadStreamEvent>(response.body, signal);
  }

  /** Sends a non-streaming request and resolves to its JSON body. */
  async json<T>(request: ChatKitRequest, signal?: AbortSignal): Promise<T> {
    const response = await this.post(request, signal);
    const text = await response.text();
    return (text ? JSON.parse(text) : {}) as T;
  }

  getThread(threadId: string, signal?: AbortSignal): Promise<Thread> {
    return this.json<Thread>(requests.getThread(threadId), signal);
  }
  listThreads(limit: number, after?: string): Promise<Page<ThreadMetadata>> {
    return this.json(requests.listThreads(limit, after));
  }
  listItems(
    threadId: string,
    limit: number,
    order: "asc" | "desc",
    after?: string,
    signal?: AbortSignal,
  ): Promise<Page<ThreadItem>> {
    return this.json(requests.listItems(threadId, limit, order, after), signal);
  }
  feedback(threadId: string, itemIds: string[], kind: "positive" | "negative"): Promise<unknown> {
    return this.json(requests.feedback(threadId, itemIds, kind));
  }
  updateThread(threadId: string, title: string): Promise<ThreadMetadata> {
    return this.json(requests.updateThread(threadId, title));
  }
  deleteThread(threadId: string): Promise<unknown> {
    return this.json(requests.deleteThread(threadId));
  }
  syncCustomAction(
    threadId: string,
    action: WireAction,
    itemId?: string,
  ): Promise<SyncCustomActionResponse> {
    return this.json(requests.syncCustomAction(threadId, action, itemId));
  }

  private async post(request: ChatKitRequest, signal?: AbortSignal): Promise<Response> {
    const response = await this.config.fetch(this.config.url, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": this.config.locale() },
      body: JSON.stringify(request),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }
}

async function errorFromResponse(response: Response): Promise<ChatKitRequestError> {
  let message = `Request failed with status ${response.status}`;
  let type = "Error";
  try {
    const body = (await response.json()) as { error?: { type?: string; message?: string } };
    if (body.error?.message) message = body.error.message;
    if (body.error?.type) type = body.error.type;
  } catch {
    // Non-JSON error bodies keep the generic status message.
  }
  return new ChatKitRequestError(message, response.status, type);
}
