/**
 * Where math is in Markdown: `$...$` and `\(...\)` inline, `$$...$$` and `\[...\]` displayed
 * (as their own block or inside a line). A marked extension, so code spans and code blocks are
 * never searched. Prices stay prose: an opening `$` must touch its formula and a closing `$` must
 * follow non-space and not precede a digit (Pandoc's rule), so "it costs $5 and $10" has no
 * math; nor has "$5 and 10$" (a formula starting with a number and a space reads as money), and
 * a `$...$` never runs into a code span (no backticks inside).
 * A formula still being written (no closing delimiter yet) is plain text until it closes.
 */
import type { MarkedExtension, Tokens } from "marked";

export interface MathToken extends Tokens.Generic {
  type: "math";
  raw: string;
  text: string;
  display: boolean;
}

const INLINE: [RegExp, boolean][] = [
  [/^\$\$(?!\$)([\s\S]+?)\$\$(?!\$)/, true],
  [/^\\\[([\s\S]+?)\\\]/, true],
  [/^\\\(([\s\S]+?)\\\)/, false],
  [/^\$(?![\s$])((?:\\[\s\S]|[^\\$\n`])+?)(?<=[^\s\\])\$(?!\d)/, false],
];

const BLOCK: RegExp[] = [
  /^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/,
  /^ {0,3}\\\[([\s\S]+?)\\\][ \t]*(?:\n+|$)/,
];

/** "5 and 10" between two dollars is money, not a formula. */
const MONEY = /^\d[\d.,]*\s/;

function token(raw: string, text: string, display: boolean): MathToken {
  return { type: "math", raw, text: text.trim(), display };
}

export function mathExtension(render: (tex: string, display: boolean) => string): MarkedExtension {
  return {
    extensions: [
      {
        name: "math",
        level: "block",
        start: (src: string) => src.match(/^ {0,3}(\$\$|\\\[)/m)?.index,
        tokenizer(src: string) {
          for (const pattern of BLOCK) {
            const match = pattern.exec(src);
            if (match?.[1]?.trim()) return token(match[0], match[1], true);
          }
          return undefined;
        },
        renderer: (t) => render((t as MathToken).text, (t as MathToken).display),
      },
      {
        name: "math",
        level: "inline",
        start: (src: string) => {
          const index = src.search(/\$|\\\(|\\\[/);
          return index === -1 ? undefined : index;
        },
        tokenizer(src: string) {
          for (const [pattern, display] of INLINE) {
            const match = pattern.exec(src);
            const text = match?.[1];
            if (!match || !text?.trim()) continue;
            if (!display && src.startsWith("$") && MONEY.test(text)) return undefined;
            return token(match[0], text, display);
          }
          return undefined;
        },
        renderer: (t) => render((t as MathToken).text, (t as MathToken).display),
      },
    ],
  };
}
