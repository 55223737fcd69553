/**
 * Files of the renderer fetched from the kernel over a widget's comm (`ns: "chatkit-bundle"`):
 * the bundle itself (by the loader) and the parts loaded on demand (highlight.js grammars, KaTeX).
 * A file comes back as one or more `part` frames, each with a piece of its bytes as a buffer,
 * or as one `error` frame. To save the request's round trip on the first chat a page shows, the
 * kernel also sends the bundle unasked with that chat (`id: "push"`), and answers the request
 * that follows with `pushed`. chatkit_notebook/bridge/bundle.py is the other side.
 */
import type { AnyModel } from "@anywidget/types";

export const BUNDLE_NS = "chatkit-bundle";

/** The id of the parts the kernel sends unasked. */
export const PUSH_ID = "push";

export type AssetRequest = {
  ns: typeof BUNDLE_NS;
  type: "get";
  id: string;
  name: string;
  /** Send it even though this page was sent it unasked (the push was missed). */
  force?: boolean;
};
export type AssetReply =
  | { ns: typeof BUNDLE_NS; type: "part"; id: string; name?: string; index: number; count: number }
  | { ns: typeof BUNDLE_NS; type: "pushed"; id: string }
  | { ns: typeof BUNDLE_NS; type: "error"; id: string; message: string };

/** Bytes as sent: ipywidgets hands buffers over as DataViews, other hosts as ArrayBuffers. */
type Buffer = DataView | ArrayBuffer | Uint8Array;

function bytesOf(buffer: Buffer): Uint8Array<ArrayBuffer> {
  if (buffer instanceof Uint8Array) return new Uint8Array(buffer);
  if (buffer instanceof ArrayBuffer) return new Uint8Array(buffer);
  return new Uint8Array(
    buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer,
  );
}

let counter = 0;

/**
 * Asks the kernel behind `model` for the file `name`; resolves to its bytes, in pieces (from the
 * answer, or from the kernel's push if that completes first). `onPart` hears each piece arrive
 * (a sign the kernel is there).
 */
export function fetchAsset(
  model: AnyModel,
  name: string,
  onPart?: () => void,
): Promise<Uint8Array<ArrayBuffer>[]> {
  counter += 1;
  const id = `${globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2)}-${counter}`;
  return new Promise((resolve, reject) => {
    const pieces = new Map<string, { parts: Uint8Array<ArrayBuffer>[]; received: number }>();
    const finish = () => model.off("msg:custom", listener);
    const listener = (content: unknown, buffers?: Buffer[]) => {
      const frame = content as AssetReply | null;
      if (frame?.ns !== BUNDLE_NS) return;
      const pushed = frame.id === PUSH_ID && frame.type === "part" && frame.name === name;
      if (frame.id !== id && !pushed) return;
      if (frame.type === "error") {
        finish();
        reject(new Error(`the kernel could not send ${name}: ${frame.message}`));
        return;
      }
      if (frame.type === "pushed") {
        // The push went ahead of this answer; if it was missed, ask for the file itself.
        if (!pieces.get(PUSH_ID)) send(true);
        return;
      }
      let entry = pieces.get(frame.id);
      if (!entry) {
        entry = { parts: [], received: 0 };
        pieces.set(frame.id, entry);
      }
      const buffer = buffers?.[0];
      if (buffer) entry.parts[frame.index] = bytesOf(buffer);
      entry.received += 1;
      onPart?.();
      if (entry.received === frame.count) {
        finish();
        resolve(entry.parts);
      }
    };
    const send = (force: boolean) => {
      const request: AssetRequest = { ns: BUNDLE_NS, type: "get", id, name };
      model.send(force ? { ...request, force } : request);
    };
    model.on("msg:custom", listener);
    send(false);
  });
}

/** Evaluates JavaScript received as bytes as an ES module (as anywidget does with `_esm`). */
export async function importBytes<T>(parts: readonly Uint8Array<ArrayBuffer>[]): Promise<T> {
  const url = URL.createObjectURL(new Blob([...parts], { type: "text/javascript" }));
  try {
    return (await import(/* @vite-ignore */ url)) as T;
  } finally {
    URL.revokeObjectURL(url);
  }
}
