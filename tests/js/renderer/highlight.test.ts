/** Every highlight.js language, each grammar fetched once on first use, aliases, cheap guessing. */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assetGeneration } from "../../../js/renderer/assets";
import { AUTO_DETECT_MAX_CHARS, highlightCode, languageOf } from "../../../js/renderer/highlight";
import { ALIASES, LANGUAGES } from "../../../js/renderer/highlight/languages";
import { markdownToSafeHtml } from "../../../js/renderer/markdown";
import { installTestAssets, requested } from "./assets-helper";
import { waitFor } from "./helpers";

const require = createRequire(import.meta.url);

beforeAll(() => installTestAssets());

const SAMPLES: Record<string, string> = {
  rust: 'fn main() { let x: i32 = 5; println!("{}", x); }',
  go: 'package main\nfunc main() { fmt.Println("hi") }',
  r: "x <- c(1, 2, 3)\nmean(x)",
  julia: "function f(x)\n  return x^2\nend",
  "c++": "#include <vector>\nint main() { std::vector<int> v; return 0; }",
  java: "public class A { public static void main(String[] a) { } }",
  yml: "key: value\nlist:\n  - 1",
  sh: 'for f in *.txt; do echo "$f"; done',
  kotlin: "fun main() { val x = 1 }",
  haskell: 'main :: IO ()\nmain = putStrLn "hi"',
  ts: "const x: number = 1; export interface A { b: string }",
  sql: "SELECT id FROM users WHERE name = 'x';",
};

describe("languages", () => {
  it("lists exactly what highlight.js ships (regenerate with js/tools/highlight-languages.mjs)", () => {
    // A private highlight.js instance: requiring the full build would register every grammar
    // on the shared core the renderer uses.
    const hljs = require("highlight.js/lib/core").newInstance();
    const dir = dirname(require.resolve("highlight.js/lib/languages/python"));
    const shipped = readdirSync(dir)
      .filter((file) => file.endsWith(".js") && !file.endsWith(".js.js"))
      .map((file) => file.slice(0, -3))
      .sort();
    expect([...LANGUAGES]).toEqual(shipped);
    for (const name of shipped) hljs.registerLanguage(name, require(`${dir}/${name}.js`));
    const claimed = new Set<string>();
    for (const name of shipped) {
      for (const alias of hljs.getLanguage(name)?.aliases ?? []) claimed.add(alias.toLowerCase());
    }
    for (const [alias, name] of Object.entries(ALIASES)) {
      const aliases = (hljs.getLanguage(name)?.aliases ?? []).map((a: string) => a.toLowerCase());
      expect(aliases, alias).toContain(alias);
    }
    for (const alias of claimed) {
      if (!shipped.includes(alias)) expect(ALIASES[alias], alias).toBeDefined();
    }
    expect(LANGUAGES.length).toBeGreaterThan(180);
  });

  it("resolves names and aliases, case-insensitively, and nothing else", () => {
    expect(languageOf("py")).toBe("python");
    expect(languageOf("rs")).toBe("rust");
    expect(languageOf("C++")).toBe("cpp");
    expect(languageOf("sh")).toBe("bash");
    expect(languageOf("yml")).toBe("yaml");
    expect(languageOf("tsx")).toBe("typescript");
    expect(languageOf("python title=x.py")).toBe("python");
    for (const odd of ["constructor", "__proto__", "toString", "nope", ""]) {
      expect(languageOf(odd)).toBeUndefined();
    }
  });
});

describe("grammars load on first use", () => {
  it("draws plain code first, then highlighted code after one fetch per language", async () => {
    // Elixir: a language no other test here uses.
    const code = 'defmodule Greeter do\n  def hello(name), do: "hi #{name}"\nend';
    const before = assetGeneration();
    expect(highlightCode(code, "elixir")).not.toContain("hljs-");
    expect(highlightCode("def x, do: 1", "ex")).not.toContain("hljs-");
    await waitFor(() => assetGeneration() > before);
    expect(highlightCode(code, "elixir")).toContain('class="hljs-keyword"');
    expect(requested.filter((name) => name === "hljs/elixir.js")).toHaveLength(1);
  });

  it("highlights a dozen languages, each fetched once", async () => {
    for (const [label, code] of Object.entries(SAMPLES)) highlightCode(code, label);
    await waitFor(() =>
      Object.entries(SAMPLES).every(([label, code]) =>
        highlightCode(code, label).includes("hljs-"),
      ),
    );
    const grammars = requested.filter((name) => name.startsWith("hljs/"));
    expect(new Set(grammars).size).toBe(grammars.length);
  });

  it("costs nothing for text without code, and unknown labels stay plain", () => {
    const count = requested.length;
    markdownToSafeHtml(
      "# Title\n\nJust *prose*, a [link](https://example.com) and a list:\n\n- a\n- b",
    );
    expect(highlightCode("<b>x</b>", "no-such-language")).toBe("&lt;b&gt;x&lt;/b&gt;");
    expect(requested.length).toBe(count);
  });

  it("guesses unlabelled blocks among the loaded and common grammars, but not long ones", async () => {
    const python = "def greet(name):\n    return f'hello {name}'\n\nclass A:\n    pass\n";
    highlightCode(python, undefined);
    await waitFor(() => requested.includes("hljs/common.js"));
    await waitFor(() => highlightCode(python, undefined).includes("hljs-"));
    const long = `${python}\n`.repeat(Math.ceil(AUTO_DETECT_MAX_CHARS / python.length) + 1);
    expect(highlightCode(long, undefined)).not.toContain("hljs-");
    expect(requested.filter((name) => name === "hljs/common.js")).toHaveLength(1);
  });
});
