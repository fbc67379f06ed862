// Memory of the uploads: a byte budget for the bodies held at once, and a garbage collection
// reached at run time.
//
// V8 lets the heap grow far beyond the live data before it collects: during thousands of small
// uploads the SDK's per-request garbage alone took the action's peak RSS from ~180 to 317-350 MiB
// (5,000 small + 10 × 64 MiB files). A runner cannot pass node flags to an action, so the collector
// is reached at run time. Measured on that load: a full collection every 100 uploads while RSS is
// above 192 MiB gives a 223 MiB peak for +2 s of CPU (every 200: 246 MiB; every 25: 209 MiB, +7 s).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** At most `capacity` bytes of file bodies held in memory by uploads at once. */
export class ByteBudget {
  private used = 0;
  private readonly waiting: { n: number; go: () => void }[] = [];

  constructor(private readonly capacity: number) {}

  /** Runs `fn` once `n` bytes (capped at the capacity, so a big body still runs alone) are free. */
  async use<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    const n = Math.min(Math.max(bytes, 0), this.capacity);
    if (this.waiting.length > 0 || this.used + n > this.capacity) {
      await new Promise<void>((go) => this.waiting.push({ n, go }));
    } else {
      this.used += n;
    }
    try {
      return await fn();
    } finally {
      this.used -= n;
      // First come, first served: a large body is not starved by a stream of small ones.
      while (this.waiting.length > 0 && this.used + this.waiting[0]!.n <= this.capacity) {
        const next = this.waiting.shift()!;
        this.used += next.n;
        next.go();
      }
    }
  }
}

let collect: (() => void) | undefined | null;

/** A full garbage collection, when the runtime allows one (else nothing). */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/**
 * Returns a function to call after each upload: every `every` calls it checks the resident set
 * (cheap) and collects only when it is above `limitBytes`, so small syncs never pay for a
 * collection and large ones pay at most one per `every` uploads.
 */
export function gcAbove(limitBytes: number, every = 100): () => void {
  let n = 0;
  return () => {
    if (++n % every === 0 && process.memoryUsage.rss() > limitBytes) collectGarbage();
  };
}
