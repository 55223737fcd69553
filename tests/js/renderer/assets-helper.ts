/**
 * The lazily loaded parts (grammars, KaTeX) for tests: files come from the npm packages the build
 * copies them from, and modules are imported from those packages (Node cannot import blob: URLs).
 * Every request is recorded, to count fetches.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as defaultAssets from "../../../js/renderer/assets";

const require = createRequire(import.meta.url);
const KATEX = dirname(require.resolve("katex"));

export const requested: string[] = [];

function fileOf(name: string): string {
  if (name === "katex/katex.css") return `${KATEX}/katex.min.css`;
  const font = /^katex\/fonts\/([\w-]+\.woff2)$/.exec(name);
  if (font) return `${KATEX}/fonts/${font[1]}`;
  return "";
}

const installed = new WeakSet<object>();

/** Installs the test source and importer into `assets` (a fresh copy after vi.resetModules). */
export function installTestAssets(assets: typeof defaultAssets = defaultAssets): void {
  if (installed.has(assets)) return;
  installed.add(assets);
  assets.addAssetSource(async (name) => {
    requested.push(name);
    const file = fileOf(name);
    if (!file) return [new Uint8Array(0)]; // a module: see the importer below
    return [new Uint8Array(readFileSync(file))];
  });
  assets.setModuleImporter(async (name) => {
    if (name === "katex/katex.js") return await import("katex");
    if (name === "hljs/common.js") return await import("../../../js/renderer/highlight/common");
    const grammar = /^hljs\/([\w-]+)\.js$/.exec(name);
    if (grammar) return await import(`highlight.js/lib/languages/${grammar[1]}`);
    throw new Error(`no test module for ${name}`);
  });
}
