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
    if (this.buffer.trim()) frames.push(...dataOf(this.buffer));
    this.buffer = "";
    return frames;
  }

  private drain(): string[] {
    const frames: string[] = [];
    // Normalise CRLF so one separator regex covers every line-ending style.
    this.buffer = this.buffer.replace(/\r\n?/g, "\n");
    let boundary = this.buffer.indexOf("\n\n");
    while (boundary !== -1) {
      frames.push(...dataOf(this.buffer.slice(0, boundary)));
      this.buffer = this.buffer.slice(boundary + 2);
      boundary = this.buffer.indexOf("\n\n");
    }
    return frames;
  }
}

function dataOf(frame: string): string[] {
  const lines = frame
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(line.startsWith("data: ") ? 6 : 5));
  return lines.length ? [lines.join("\n")] : [];
}

/** Yields each parsed JSON event of an SSE response body. */
export async function* readSseJson<T>(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<T> {
  const reader = body.getReader();
  const parser = new SseParser();
  // A fetch that ignores its signal must still stop feeding us once the user pressed Stop.
  const cancel = () => void reader.cancel().catch(() => undefined);
  signal?.addEventListener("abort", cancel, { once: true });
  try {
    while (true) {
      const { done, value } = await reader.read();
      const frames = done ? parser.end() : parser.push(value);
      for (const frame of frames) yield JSON.parse(frame) as T;
      if (done) return;
    }
  } finally {
    signal?.removeEventListener("abort", cancel);
    reader.releaseLock();
  }
}
