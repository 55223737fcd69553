/**
 * Look-ups keyed by data (icon names, widget types, size tokens, ids): only a table's own entries
 * count, so a valid key such as `constructor` or `__proto__` finds nothing instead of a member of
 * `Object.prototype`.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
}
