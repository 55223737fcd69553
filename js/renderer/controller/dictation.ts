/**
 * Dictation (`composer.dictation`): the microphone is recorded with MediaRecorder, the audio goes
 * to the server's `input.transcribe` (base64 plus its MIME type, as openai-chatkit expects), and
 * the text lands in the composer. What can go wrong (no microphone, no permission, no recorder in
 * this browser, a server that cannot transcribe) becomes a message next to the composer.
 */
import type { MessageKey } from "../i18n";
import { requests } from "../protocol/client";
import type { Composer } from "./composer";
import { asError, type ChatSession, errorMessage } from "./session";

/** Formats servers accept (openai-chatkit: audio/webm, audio/ogg, audio/mp4), best first. */
const MIME_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus", "audio/mp4"];

export type DictationError = { key: MessageKey } | { text: string };

export class Dictation {
  state: "idle" | "recording" | "transcribing" = "idle";
  error: DictationError | null = null;
  private recorder: MediaRecorder | null = null;
  private discard = false;

  constructor(
    private readonly session: ChatSession,
    private readonly composer: Composer,
  ) {}

  enabled(): boolean {
    return this.session.host.options()?.composer?.dictation?.enabled === true;
  }

  async start(): Promise<void> {
    if (this.state !== "idle") return;
    this.error = null;
    const media = globalThis.navigator?.mediaDevices;
    if (!media?.getUserMedia || typeof MediaRecorder !== "function") {
      this.fail({ key: "micUnsupported" });
      return;
    }
    let stream: MediaStream;
    try {
      stream = await media.getUserMedia({ audio: true });
    } catch (error) {
      this.fail(microphoneError(error));
      return;
    }
    const mimeType = MIME_TYPES.find((type) => MediaRecorder.isTypeSupported?.(type));
    let recorder: MediaRecorder;
    try {
      recorder = new MediaRecorder(stream, mimeType ? { mimeType } : undefined);
    } catch (error) {
      for (const track of stream.getTracks()) track.stop();
      this.fail({ text: errorMessage(error) });
      return;
    }
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => {
      if (event.data.size) chunks.push(event.data);
    };
    recorder.onstop = () => {
      for (const track of stream.getTracks()) track.stop(); // the browser's mic light goes off
      this.recorder = null;
      const audio = new Blob(chunks, { type: recorder.mimeType || mimeType || "audio/webm" });
      if (this.discard) {
        this.discard = false;
        this.setState("idle");
      } else {
        void this.transcribe(audio);
      }
    };
    this.recorder = recorder;
    recorder.start();
    this.setState("recording");
  }

  /** Stops recording and transcribes what was said. */
  stop(): void {
    this.recorder?.stop();
  }

  /** Stops recording and throws the audio away (Escape, thread switch). */
  cancel(): void {
    if (!this.recorder) return;
    this.discard = true;
    this.recorder.stop();
  }

  dismissError(): void {
    this.error = null;
    this.session.host.requestRender();
  }

  private async transcribe(audio: Blob): Promise<void> {
    if (!audio.size) {
      this.fail({ key: "micSilent" });
      return;
    }
    this.setState("transcribing");
    try {
      const result = await this.session
        .client()
        .json<{ text?: unknown }>(requests.transcribe(await base64(audio), audio.type));
      const text = typeof result.text === "string" ? result.text.trim() : "";
      if (text) {
        const before = this.composer.text;
        this.composer.text = before && !/\s$/.test(before) ? `${before} ${text}` : before + text;
      }
    } catch (error) {
      this.error = { text: errorMessage(error) };
      this.session.host.emit("chatkit.error", { error: asError(error) });
    } finally {
      this.setState("idle");
    }
  }

  private fail(error: DictationError): void {
    this.error = error;
    this.setState("idle");
  }

  private setState(state: Dictation["state"]): void {
    this.state = state;
    this.session.host.requestRender();
  }
}

/** getUserMedia's refusals, in words a user can act on. */
function microphoneError(error: unknown): DictationError {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") return { key: "micDenied" };
  if (name === "NotFoundError" || name === "OverconstrainedError") return { key: "micMissing" };
  if (name === "NotReadableError" || name === "AbortError") return { key: "micBusy" };
  return { text: errorMessage(error) };
}

async function base64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
