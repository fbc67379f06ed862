// Memory of the uploads: a byte budget for the bodies held at once, and full garbage collections
// between uploads.
//
// V8 lets the heap grow far beyond the live data before it collects: during thousands of small
// uploads the SDK's per-request garbage, promoted out of the young generation, grows the old one
// until V8's own (throughput-minded) limit. The action's thread has a bounded young generation
// (thread.ts); a full collection every 100 uploads while RSS is above 170 MiB keeps the old one
// near the live data (bench item 3, 5,000 small + 10 × 64 MiB files: peak RSS 180-196 MiB, 199-201
// with 192 MiB, 188-191 with 150 MiB). It is started through `vm.measureMemory` with eager
// execution, documented to start a garbage collection at once: no `--expose-gc` set at run time
// (changing V8 flags after start-up is documented as unsafe).
import { measureMemory } from 'node:vm';

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

/** Starts a full garbage collection (it runs on this thread; nothing waits for its result). */
export function collectGarbage(): void {
  // measureMemory is experimental and says so once per process on stderr, in every action log;
  // only that call's warning is held back (it is emitted synchronously).
  const emitWarning = process.emitWarning;
  process.emitWarning = () => undefined;
  try {
    measureMemory({ mode: 'summary', execution: 'eager' }).catch(() => undefined);
  } catch {
    // A runtime without it: no collection, as before there was one.
  } finally {
    process.emitWarning = emitWarning;
  }
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
