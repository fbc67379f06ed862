// Memory of the uploads: a byte budget for the bodies held at once, and full garbage collections
// between uploads.
//
// V8 lets the heap grow far beyond the live data before it collects: during thousands of small
// uploads the SDK's per-request garbage, promoted out of the young generation, grows the old one
// until V8's own (throughput-minded) limit. The action's thread has a bounded young generation
// (thread.ts); a full collection whenever V8's used heap grew 8 MiB since its low point keeps the
// old one near the live data. Measured on bench item 1 (5,000 small + 10 × 64 MiB files, versitygw,
// A/B runs against the bundle before): peak RSS 178-198 MiB and no more CPU, where triggering on
// RSS above 170 MiB gave 182-192 MiB for 1.5-2.5 s more CPU (RSS does not fall after a collection,
// so every check collected), and 16 / 32 MiB of growth 190-193 / 200-212 MiB.
// The collection is started through `vm.measureMemory` with eager execution, documented to start
// a garbage collection at once: no `--expose-gc` set at run time (changing V8 flags after start-up
// is documented as unsafe). V8 runs it as incremental marking, and does not collect the young
// generation until the marking is done: at thousands of requests a second (connections kept open)
// the young generation grew 16 MiB past its bound within one marking, and RSS kept those pages.
// So no upload starts while a collection runs (the ones in flight end): peak RSS 142-164 -> 128-138
// MiB over 6 A/B rounds, same upload time. (Finishing the marking early with a second call did not
// help: V8 then starts another marking for that call's request, and nothing holds the uploads.)
import { getHeapStatistics } from 'node:v8';
import { measureMemory } from 'node:vm';

/**
 * Buffers of one size, handed out and given back: a buffer that lives as long as an upload survives
 * the young generation's collections, so one allocated per upload is freed only by a full
 * collection. Reused, their number is the most ever in use at once.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(readonly size: number) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Only once nothing (a socket's pending write) still reads from `buffer`. */
  give(buffer: Buffer): void {
    this.free.push(buffer);
  }
}

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

/**
 * Runs a full garbage collection on this thread; the promise settles once it is done. V8 runs it
 * as incremental marking, interleaved with the thread's work.
 */
export function collectGarbage(): Promise<void> {
  // measureMemory is experimental and says so once per process on stderr, in every action log;
  // only that call's warning is held back (it is emitted synchronously).
  const emitWarning = process.emitWarning;
  process.emitWarning = () => undefined;
  try {
    return measureMemory({ mode: 'summary', execution: 'eager' }).then(
      () => undefined,
      () => undefined,
    );
  } catch {
    // A runtime without it: no collection, as before there was one.
    return Promise.resolve();
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * Returns a function to call after each upload: every `every` calls it looks at V8's used heap
 * (cheap) and collects when it grew more than `growthBytes` above its lowest value seen since the
 * last collection, i.e. when that much garbage may have piled up. Small syncs never pay for a
 * collection; large ones pay one per `growthBytes` of promoted garbage, not one per check.
 *
 * While the collection runs, the function returns it, for the caller to wait before its next
 * upload: the uploads in flight end, and nothing new is allocated until it is done (see above).
 */
export function gcOnGrowth(
  growthBytes: number,
  every = 100,
  used = heapUsed,
  collect: () => Promise<void> = collectGarbage,
): () => Promise<void> | undefined {
  let n = 0;
  let low = used();
  let running: Promise<void> | undefined;
  return () => {
    if (running) return running;
    if (++n % every !== 0) return undefined;
    const now = used();
    if (now < low) low = now;
    else if (now - low > growthBytes) {
      running = collect().then(() => {
        running = undefined;
        // Right after a collection: the live data, the low point to grow from.
        low = used();
      });
      return running;
    }
    return undefined;
  };
}

function heapUsed(): number {
  return getHeapStatistics().used_heap_size;
}
