/**
 * Parts of the renderer loaded on first use (highlight.js grammars, KaTeX and its fonts) from the
 * kernel of any chat or preview on the page, so a chat that never shows code or math never pays
 * for them. Rendering is synchronous: a renderer asks for a part, draws a plain fallback
 * meanwhile, and every view re-renders once the part is there (`onAssetsChanged`).
 */
import { importBytes } from "../loader/assets";

export type Bytes = Uint8Array<ArrayBuffer>;
/** Fetches a file of `chatkit_notebook/static/` by name, e.g. through a widget's comm. */
export type AssetSource = (name: string) => Promise<Bytes[]>;
/** Evaluates a fetched JavaScript file as a module. */
export type ModuleImporter = (name: string, parts: Bytes[]) => Promise<unknown>;

const sources: AssetSource[] = [];
let importer: ModuleImporter = (_name, parts) => importBytes(parts);
/** One load per name and page; a failed one is kept (no retry storm) until a kernel appears. */
class Loads<T> {
  private readonly entries = new Map<string, { promise: Promise<T>; failed: boolean }>();

  get(name: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(name);
    if (!entry) {
      const created = { promise: load(), failed: false };
      created.promise.catch(() => {
        created.failed = true;
      });
      this.entries.set(name, created);
      entry = created;
    }
    return entry.promise;
  }

  forgetFailures(): void {
    for (const [name, entry] of this.entries) if (entry.failed) this.entries.delete(name);
  }
}

const files = new Loads<Bytes[]>();
const modules = new Loads<unknown>();
const listeners = new Set<() => void>();
let generation = 0;

/** A way to reach the kernel (the newest is tried first); returns its removal. */
export function addAssetSource(source: AssetSource): () => void {
  sources.unshift(source);
  files.forgetFailures(); // what failed without a kernel may load now
  modules.forgetFailures();
  return () => {
    const index = sources.indexOf(source);
    if (index !== -1) sources.splice(index, 1);
  };
}

/** Replaces how fetched modules are evaluated (tests, hosts without blob: imports). */
export function setModuleImporter(next: ModuleImporter): void {
  importer = next;
}

async function fetchFromAny(name: string): Promise<Bytes[]> {
  let last: unknown = new Error(`no kernel connection to load ${name}`);
  for (const source of [...sources]) {
    try {
      return await source(name);
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/** The bytes of a static file; one request per page, repeated only after a failure. */
export function loadFile(name: string): Promise<Bytes[]> {
  return files.get(name, () => fetchFromAny(name));
}

/** A static JavaScript file as a module; evaluated once per page. */
export function loadModule<T>(name: string): Promise<T> {
  return modules.get(name, () =>
    loadFile(name).then((parts) => importer(name, parts)),
  ) as Promise<T>;
}

/** Bumped whenever a part arrives: output that depended on a missing part is stale. */
export function assetGeneration(): number {
  return generation;
}

export function onAssetsChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by a consumer once something it asked for is usable. */
export function assetsChanged(): void {
  generation += 1;
  for (const listener of [...listeners]) listener();
}
