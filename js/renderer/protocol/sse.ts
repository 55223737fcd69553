/**
 * Incremental Server-Sent Events parser. Frames may be split across reads or arrive several per
 * read; only `data:` lines matter (the ChatKit server sends no `event:`/`id:` lines).
 */
export class SseParser {
  private buffer = "";
  private readonly decoder = new TextDecoder();

  /** Feeds raw bytes (or text) and returns the data payload of every completed frame. */
  push(chunk: Uint8Array | string): string[] {
    this.buffer += typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.drain();
  }

  /** Flushes the decoder and returns a trailing frame that lacked its blank line. */
  end(): string[] {
    this.buffer += this.decoder.decode();
    const frames = this.drain();
    const last = this.buffer.trim() ? dataOf(this.buffer.replace(/\r\n?/g, "\n")) : null;
    if (last !== null) frames.push(last);
    this.buffer = "";
    return frames;
  }

  private drain(): string[] {
    const frames: string[] = [];
    // Normalise CRLF so one separator covers every line-ending style.
    // A trailing CR waits for the next read: it may be the first half of a CRLF.
    let buffer = this.buffer;
    if (buffer.includes("\r")) {
      const held = buffer.endsWith("\r") ? 1 : 0;
      buffer = buffer.slice(0, buffer.length - held).replace(/\r\n?/g, "\n") + "\r".repeat(held);
    }
    let start = 0;
    let boundary = buffer.indexOf("\n\n");
    while (boundary !== -1) {
      const data = dataOf(buffer, start, boundary);
      if (data !== null) frames.push(data);
      start = boundary + 2;
      boundary = buffer.indexOf("\n\n", start);
    }
    buffer = buffer.slice(start);
    this.buffer = buffer;
    return frames;
  }
}

/** The data of the frame `text[start, end)`: its `data:` lines joined, or null without any. */
function dataOf(text: string, start = 0, end = text.length): string | null {
  // The common case, one `data: {...}` line, without splitting the frame into lines.
  const newline = text.indexOf("\n", start);
  if (text.startsWith("data: ", start) && (newline === -1 || newline >= end)) {
    return text.slice(start + 6, end);
  }
  let data: string | null = null;
  for (const line of text.slice(start, end).split("\n")) {
    if (!line.startsWith("data:")) continue;
    const value = line.slice(line.startsWith("data: ") ? 6 : 5);
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}

/**
 * Yields the parsed JSON events of an SSE response body, one array per read: a burst of events
 * that arrived together costs one hand-over instead of one async-iterator step each.
 */
export async function* readSseJsonBatches<T>(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<T[]> {
  const reader = body.getReader();
  const parser = new SseParser();
  // A fetch that ignores its signal must still stop feeding us once the user pressed Stop.
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    while (true) {
      const { done, value } = await reader.read();
      const frames = done ? parser.end() : parser.push(value);
      if (frames.length) yield frames.map((frame) => JSON.parse(frame) as T);
      if (done) return;
    }
  } finally {
    signal?.removeEventListener("abort", cancel);
    reader.releaseLock();
  }
}

/** Yields each parsed JSON event of an SSE response body. */
export async function* readSseJson<T>(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  for await (const batch of readSseJsonBatches<T>(body, signal)) yield* batch;
}
