/**
 * Collects values and hands them over at most once per animation frame, so a burst of stream
 * deltas costs one reduce-and-render instead of one per event.
 */
export type FrameScheduler = (callback: () => void) => void;

export const animationFrame: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

export class FrameBatcher<T> {
  private queue: T[] = [];
  private scheduled = false;

  constructor(
    private readonly onFlush: (batch: T[]) => void,
    private readonly schedule: FrameScheduler = animationFrame,
  ) {}

  push(value: T): void {
    this.queue.push(value);
    this.requestFlush();
  }

  pushAll(values: readonly T[]): void {
    for (const value of values) this.queue.push(value);
    this.requestFlush();
  }

  private requestFlush(): void {
    if (this.scheduled || !this.queue.length) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Delivers everything queued now (used at stream end so the final state is never late). */
  flush(): void {
    this.scheduled = false;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    this.onFlush(batch);
  }
}
