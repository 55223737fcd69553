// ChatKit is configured with JS functions; in a notebook they are Python functions. For each
// callback slot Python names (a dotted path into ChatKitOptions, e.g. "widgets.onAction"), the
// view installs one stable wrapper that calls the kernel.

export type CallPython = (slot: string, args: unknown[]) => Promise<unknown>;
export type OnFailure = (slot: string, error: unknown) => void;

/** Slots whose ChatKit type returns void: a failure is logged, not thrown into ChatKit. */
const FIRE_AND_FORGET = /(^|\.)onClick$/;

export class CallbackWrappers {
  private readonly wrappers = new Map<string, (...args: unknown[]) => Promise<unknown>>();

  constructor(
    private readonly callPython: CallPython,
    private readonly onFailure: OnFailure = () => {},
  ) {}

  /** A copy of `options` with a function at every slot (markers from Python replaced). */
  install(options: Record<string, unknown>, slots: readonly string[]): Record<string, unknown> {
    const result = structuredClone(options);
    for (const slot of slots) setPath(result, slot.split("."), this.wrapper(slot));
    return result;
  }

  private wrapper(slot: string): (...args: unknown[]) => Promise<unknown> {
    let wrapper = this.wrappers.get(slot);
    if (!wrapper) {
      wrapper = async (...args: unknown[]) => {
        try {
          return await this.callPython(slot, toJson(args) as unknown[]);
        } catch (error) {
          this.onFailure(slot, error); // shown in the cell too: not every slot has an error UI
          if (!FIRE_AND_FORGET.test(slot)) throw error;
          return undefined;
        }
      };
      this.wrappers.set(slot, wrapper);
    }
    return wrapper;
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}

/** Callback arguments cross the comm as JSON (an Error becomes {name, message}). */
export function toJson(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  try {
    return JSON.parse(JSON.stringify(value ?? null));
  } catch {
    return String(value);
  }
}
