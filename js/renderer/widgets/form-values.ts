/** Collects named form fields into an action payload; dotted names nest (`a.b` → {a: {b}}). */

export function setPath(target: Record<string, unknown>, name: string, value: unknown): void {
  const keys = name.split(".");
  let cursor = target;
  keys.forEach((key, index) => {
    if (index === keys.length - 1) {
      define(cursor, key, value);
      return;
    }
    const next = Object.hasOwn(cursor, key) ? cursor[key] : undefined;
    if (!next || typeof next !== "object" || Array.isArray(next)) define(cursor, key, {});
    cursor = cursor[key] as Record<string, unknown>;
  });
}

/**
 * An own, plain data property, whatever the key: a field named `__proto__` or `constructor` is
 * a value in the payload, never a write to (or through) a prototype.
 */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** Current value of every enabled, named control (checkbox → boolean, radio → checked value). */
export function collectFormValues(form: HTMLElement): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const controls = form.querySelectorAll<
    HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
  >("input[name], select[name], textarea[name]");
  for (const control of controls) {
    if (control.disabled) continue;
    if (control instanceof HTMLInputElement && control.type === "checkbox") {
      setPath(values, control.name, control.checked);
    } else if (control instanceof HTMLInputElement && control.type === "radio") {
      if (control.checked) setPath(values, control.name, control.value);
    } else {
      setPath(values, control.name, control.value);
    }
  }
  return values;
}

/** Field values override same-named payload keys; nested objects merge one level per key. */
export function mergePayload(
  payload: Record<string, unknown> | null | undefined,
  values: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!values) return payload ?? undefined;
  const merged: Record<string, unknown> = { ...(payload ?? {}) };
  for (const [key, value] of Object.entries(values)) {
    const existing = Object.hasOwn(merged, key) ? merged[key] : undefined;
    define(
      merged,
      key,
      isPlainObject(existing) && isPlainObject(value) ? { ...existing, ...value } : value,
    );
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** Submits a form the way a submit button would: native validation first, then the action. */
export function validatedValues(form: HTMLFormElement): Record<string, unknown> | null {
  if (!form.reportValidity()) return null;
  return collectFormValues(form);
}
