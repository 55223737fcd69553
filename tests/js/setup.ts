/**
 * Every JS test runs as on a real page and keeps the test log clean (issue 10):
 * - a standards-mode document, as Jupyter's pages are (KaTeX warns in quirks mode);
 * - what the code under test writes to `console.warn` / `console.error` fails the test, unless
 *   the test says it expects it (`expectConsole(/pattern/)`), so expected warnings are asserted,
 *   not printed, and unexpected ones are never missed.
 */
import { afterEach, beforeEach, expect, vi } from "vitest";

if (typeof document !== "undefined") {
  if (!document.doctype) {
    document.insertBefore(
      document.implementation.createDocumentType("html", "", ""),
      document.documentElement,
    );
  }
  // happy-dom leaves `compatMode` undefined; a page with a doctype is in standards mode.
  if (document.compatMode === undefined) {
    Object.defineProperty(Object.getPrototypeOf(document), "compatMode", {
      get(this: Document) {
        return this.doctype ? "CSS1Compat" : "BackCompat";
      },
    });
  }
}

let expected: RegExp[] = [];
let logged: string[] = [];

function text(args: unknown[]): string {
  return args
    .map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : String(arg)))
    .join(" ");
}

beforeEach(() => {
  expected = [];
  logged = [];
  for (const level of ["warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(`console.${level}: ${text(args)}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  const unexpected = logged.filter((line) => !expected.some((pattern) => pattern.test(line)));
  const missing = expected.filter((pattern) => !logged.some((line) => pattern.test(line)));
  expect({ unexpected, missing }).toEqual({ unexpected: [], missing: [] });
});

/** The test expects the code to log a warning or error matching `pattern` (at least once). */
export function expectConsole(pattern: RegExp): void {
  expected.push(pattern);
}
