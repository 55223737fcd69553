// A test double of anywidget's model: traits in a map, `send` recorded, `emit` plays the kernel.

import type { AnyModel } from "@anywidget/types";

type Handler = (...args: unknown[]) => void;

export class FakeModel<T extends Record<string, unknown>> {
  readonly sent: unknown[] = [];
  saves = 0;
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(private readonly state: T) {}

  get<K extends keyof T>(key: K): T[K] {
    return this.state[key];
  }

  set<K extends keyof T>(key: K, value: T[K]): void {
    const changed = this.state[key] !== value;
    this.state[key] = value;
    if (changed) this.emit(`change:${String(key)}`);
  }

  on(name: string, handler: Handler): void {
    let set = this.handlers.get(name);
    if (!set) {
      set = new Set();
      this.handlers.set(name, set);
    }
    set.add(handler);
  }

  off(name?: string | null, handler?: Handler | null): void {
    if (!name) this.handlers.clear();
    else if (!handler) this.handlers.delete(name);
    else this.handlers.get(name)?.delete(handler);
  }

  save_changes(): void {
    this.saves += 1;
  }

  readonly buffers: unknown[][] = [];

  send(content: unknown, _callbacks?: unknown, buffers?: unknown[]): void {
    this.sent.push(content);
    this.buffers.push(buffers ?? []);
  }

  listeners(name: string): number {
    return this.handlers.get(name)?.size ?? 0;
  }

  /** Delivers a message as if the kernel had sent it. */
  emit(name: string, ...args: unknown[]): void {
    for (const handler of [...(this.handlers.get(name) ?? [])]) handler(...args);
  }

  asModel(): AnyModel<T> {
    return this as unknown as AnyModel<T>;
  }

  widget_manager = {
    get_model: () => Promise.reject(new Error("not in a fake")),
  };
}
