/**
 * One turn at a time: streams a request, feeds its events through the reducer (batched per
 * frame) and, when the stream stops on a pending client tool call, runs the tool and continues.
 */
import { type ChatKitRequest, isAbortError, requests } from "../protocol/client";
import type { ThreadStreamEvent } from "../protocol/types";
import { FrameBatcher, type FrameScheduler } from "../state/frame-batcher";
import {
  beginStream,
  completeClientToolCall,
  endStream,
  reduceEvents,
  withError,
} from "../state/reducer";
import { asError, type ChatSession, errorMessage } from "./session";

export class TurnRunner {
  private abort: AbortController | null = null;
  private readonly batcher: FrameBatcher<ThreadStreamEvent>;

  constructor(
    private readonly session: ChatSession,
    schedule?: FrameScheduler,
  ) {
    this.batcher = new FrameBatcher((events) => this.applyEvents(events), schedule);
  }

  /** Stop button: aborting the fetch makes the kernel cancel the turn (partial reply is kept). */
  stop(): void {
    this.abort?.abort();
  }

  async run(request: ChatKitRequest): Promise<void> {
    const { session } = this;
    const { host } = session;
    const abort = new AbortController();
    this.abort = abort;
    session.responding = true;
    session.thread = beginStream(session.thread);
    host.emit("chatkit.log", { name: "request", data: { type: request.type } });
    host.emit("chatkit.response.start", undefined);
    host.requestRender();
    try {
      for await (const events of session.client().streamBatches(request, abort.signal)) {
        if (abort.signal.aborted) break;
        this.batcher.pushAll(events);
      }
    } catch (error) {
      if (!isAbortError(error) && !abort.signal.aborted) {
        this.batcher.flush();
        session.thread = withError(session.thread, errorMessage(error), false);
        host.emit("chatkit.error", { error: asError(error) });
      }
    } finally {
      this.batcher.flush();
      session.thread = endStream(session.thread);
      session.pendingUserText = null;
      this.abort = null;
      session.responding = false;
      host.emit("chatkit.response.end", undefined);
      host.requestRender();
    }
    if (!abort.signal.aborted) await this.runPendingClientTool();
  }

  private applyEvents(events: ThreadStreamEvent[]): void {
    const { session } = this;
    const { host } = session;
    const previousThreadId = session.threadId;
    session.thread = reduceEvents(session.thread, events);
    for (const event of events) {
      if (event.type === "client_effect") {
        host.emit("chatkit.effect", {
          name: event.name,
          ...(event.data ? { data: event.data } : {}),
        });
      } else if (event.type === "error") {
        host.emit("chatkit.error", {
          error: new Error(event.message || event.code || "error"),
        });
      } else if (event.type === "thread.item.done" && event.item.type === "user_message") {
        session.pendingUserText = null;
      }
    }
    if (session.threadId !== previousThreadId) {
      host.emit("chatkit.thread.change", { threadId: session.threadId });
    }
    host.requestRender();
  }

  /**
   * A stream that ends on a pending client_tool_call waits for us: run `onClientTool`, then send
   * its result (or `{error}`) with `threads.add_client_tool_output`, which continues the turn.
   */
  private async runPendingClientTool(): Promise<void> {
    const { session } = this;
    const last = session.thread.items.at(-1);
    const threadId = session.threadId;
    if (!threadId || last?.type !== "client_tool_call" || last.status !== "pending") return;
    let result: unknown;
    try {
      const handler = session.host.options()?.onClientTool;
      if (!handler) throw new Error(`No onClientTool handler for "${last.name}"`);
      result = await handler({ name: last.name, params: last.arguments });
    } catch (error) {
      result = { error: errorMessage(error) };
      session.host.emit("chatkit.error", { error: asError(error) });
    }
    session.thread = completeClientToolCall(session.thread, last.id, result);
    await this.run(requests.addClientToolOutput(threadId, result ?? {}));
  }
}
