/**
 * Files of the renderer fetched from the kernel over a widget's comm (`ns: "chatkit-bundle"`):
 * the bundle itself (by the loader) and the parts loaded on demand (highlight.js grammars, KaTeX).
 * A file comes back as one or more `part` frames, each with a piece of its bytes as a buffer,
 * or as one `error` frame. chatkit_notebook/bridge/bundle.py is the other side.
 */
import type { AnyModel } from "@anywidget/types";

export const BUNDLE_NS = "chatkit-bundle";

export type AssetRequest = { ns: typeof BUNDLE_NS; type: "get"; id: string; name: string };
export type AssetReply =
  | { ns: typeof BUNDLE_NS; type: "part"; id: string; index: number; count: number }
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
 * Asks the kernel behind `model` for the file `name`; resolves to its bytes, in pieces.
 * `onPart` hears each piece arrive (a sign the kernel is there).
 */
export function fetchAsset(
  model: AnyModel,
  name: string,
  onPart?: () => void,
): Promise<Uint8Array<ArrayBuffer>[]> {
  counter += 1;
  const id = `${globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2)}-${counter}`;
  return new Promise((resolve, reject) => {
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let received = 0;
    const listener = (content: unknown, buffers?: Buffer[]) => {
      const frame = content as AssetReply | null;
      if (frame?.ns !== BUNDLE_NS || frame.id !== id) return;
      if (frame.type === "error") {
        model.off("msg:custom", listener);
        reject(new Error(`the kernel could not send ${name}: ${frame.message}`));
        return;
      }
      const buffer = buffers?.[0];
      if (buffer) parts[frame.index] = bytesOf(buffer);
      received += 1;
      onPart?.();
      if (received === frame.count) {
        model.off("msg:custom", listener);
        resolve(parts);
      }
    };
    model.on("msg:custom", listener);
    const request: AssetRequest = { ns: BUNDLE_NS, type: "get", id, name };
    model.send(request);
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
