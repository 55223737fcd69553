// One build -> chatkit_notebook/static/ (served to the page by chatkit_notebook/bridge/bundle.py):
//   loader.js      the few KB each widget saves as its `_esm` (js/loader/entry.ts)
//   widget.js      the renderer: the chat (default export) and `show()` previews (js/widget.ts)
//   hljs/*.js      one highlight.js grammar per file, plus common.js, fetched on first use
//   katex/         KaTeX, its CSS (fonts taken out) and its woff2 fonts, fetched on first math
//   page.js        the served chat page, asgi_app(ui=True) (js/page.ts)
//   playground.js  chat.playground()'s control panel, an anywidget of its own (js/playground.ts)
// The licences of what is bundled go to static/THIRD_PARTY_NOTICES.txt (hatch_build.py).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import * as esbuild from "esbuild";
import { highlightLanguages } from "./tools/highlight-languages.mjs";

const require = createRequire(import.meta.url);
const watch = process.argv.includes("--watch");
const OUT = "chatkit_notebook/static";

const common = {
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: !watch,
  sourcemap: watch ? "inline" : false,
  // UMD dependencies must not take the AMD branch where RequireJS is on the page.
  define: { "define.amd": "false" },
  legalComments: "eof",
  logLevel: "info",
};

const renderer = {
  ...common,
  entryPoints: { widget: "js/widget.ts" },
  outdir: OUT,
  metafile: true,
};

const loader = {
  ...common,
  entryPoints: { loader: "js/loader/entry.ts" },
  outdir: OUT,
  // A first line of its own keeps the saved `_esm` multi-line (anywidget treats a one-line
  // string with a file extension as a path) and says what it is.
  banner: { js: "// chatkit-notebook loader: fetches the chat's renderer from its kernel" },
};

/** Bundles loaded on their own, not through the loader. */
const standalone = {
  ...common,
  entryPoints: { page: "js/page.ts", playground: "js/playground.ts" },
  outdir: OUT,
};

const grammars = {
  ...common,
  logLevel: "warning",
  entryPoints: {
    "hljs/common": "js/renderer/highlight/common.ts",
    ...Object.fromEntries(
      Object.keys(highlightLanguages()).map((name) => [
        `hljs/${name}`,
        `highlight.js/lib/languages/${name}`,
      ]),
    ),
  },
  outdir: OUT,
};

const katex = {
  ...common,
  entryPoints: { "katex/katex": "katex" },
  outdir: OUT,
};

/** KaTeX's CSS without its @font-face rules: the fonts are added with the FontFace API. */
function copyKatexAssets() {
  const dist = `${dirname(require.resolve("katex"))}/`;
  mkdirSync(`${OUT}/katex/fonts`, { recursive: true });
  const css = readFileSync(`${dist}katex.min.css`, "utf8").replace(/@font-face\{[^}]*\}/g, "");
  writeFileSync(`${OUT}/katex/katex.css`, css);
  for (const font of FONTS) copyFileSync(`${dist}fonts/${font}.woff2`, `${OUT}/katex/fonts/${font}.woff2`);
  copyFileSync(`${dist}../LICENSE`, `${OUT}/katex/LICENSE.txt`);
  copyFileSync("js/licenses/katex-fonts-OFL.txt", `${OUT}/katex/fonts/LICENSE.txt`);
}

/** Every font KaTeX's CSS names (js/renderer/math/fonts.json, checked against it by a test). */
const FONTS = JSON.parse(readFileSync("js/renderer/math/fonts.json", "utf8")).map(
  (face) => face.file,
);

rmSync(`${OUT}/hljs`, { recursive: true, force: true });
rmSync(`${OUT}/katex`, { recursive: true, force: true });
rmSync(`${OUT}/preview.js`, { force: true }); // built on its own before the loader existed
await Promise.all([grammars, katex].map((options) => esbuild.build(options)));
copyKatexAssets();
if (watch) {
  for (const options of [renderer, loader, standalone]) await (await esbuild.context(options)).watch();
} else {
  await Promise.all([renderer, loader, standalone].map((options) => esbuild.build(options)));
}
