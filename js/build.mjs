// One build: js/widget.ts (the chat), js/preview.ts (chatkit_notebook.show) and js/page.ts (the
// served chat page, asgi_app(ui=True)) ->
// chatkit_notebook/static/*.js (ESM, everything bundled).
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const options = {
  entryPoints: ["js/widget.ts", "js/preview.ts", "js/page.ts", "js/playground.ts"],
  bundle: true,
  format: "esm",
  target: "es2022",
  outdir: "chatkit_notebook/static",
  minify: !watch,
  sourcemap: watch ? "inline" : false,
  // UMD dependencies must not take the AMD branch where RequireJS is on the page.
  define: { "define.amd": "false" },
  legalComments: "none",
  logLevel: "info",
  metafile: true,
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
