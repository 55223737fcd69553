// Edits on their way to the kernel. Each is numbered; the kernel syncs back `applied`, the number
// of the last one it handled. Until then the control shows what the user typed (a draft), so a
// slow reply never overwrites newer typing; a rejected value stays shown beside its message.
// At most one edit per control is in flight: while dragging, only the latest value waits.

import type { PanelFrame } from "./types";

type Draft = { value: unknown; display: unknown; seq: number };
type Waiting = { value: unknown; display: unknown; final: boolean };

export class Edits {
  private seq: number;
  private readonly drafts = new Map<string, Draft>();
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, Waiting>();

  /** `applied`: the kernel's count so far (another view of the panel may have sent edits). */
  constructor(
    private readonly send: (frame: PanelFrame) => void,
    applied = 0,
  ) {
    this.seq = applied;
  }

  /** `display` is what the control shows for `value` (a list editor's raw rows, say). */
  edit(id: string, value: unknown, final: boolean, display: unknown = value): void {
    if (this.inFlight.has(id)) {
      const before = this.waiting.get(id);
      this.waiting.set(id, { value, display, final: final || (before?.final ?? false) });
      const draft = this.drafts.get(id);
      this.drafts.set(id, { value, display, seq: draft?.seq ?? this.seq });
      return;
    }
    this.dispatch(id, value, final, display);
  }

  /** The kernel handled every edit up to `applied`; `errors` are the controls it rejected. */
  acknowledge(applied: number, errors: Record<string, string>): void {
    for (const [id, seq] of [...this.inFlight]) {
      if (seq > applied) continue;
      this.inFlight.delete(id);
      const next = this.waiting.get(id);
      if (next) {
        this.waiting.delete(id);
        this.dispatch(id, next.value, next.final, next.display);
      }
    }
    for (const [id, draft] of [...this.drafts]) {
      if (draft.seq <= applied && !this.inFlight.has(id) && !(id in errors)) {
        this.drafts.delete(id);
      }
    }
  }

  /** What the user last entered in the control, while the kernel has not confirmed it. */
  draft(id: string): { display: unknown } | undefined {
    return this.drafts.get(id);
  }

  /** Undo, reset and presets replace everything: forget what was typed. */
  clear(): void {
    this.drafts.clear();
    this.waiting.clear();
  }

  private dispatch(id: string, value: unknown, final: boolean, display: unknown): void {
    this.seq += 1;
    this.inFlight.set(id, this.seq);
    this.drafts.set(id, { value, display, seq: this.seq });
    this.send({ type: "set", id, value, seq: this.seq, final });
  }
}
