// V8 lets the heap grow far beyond the live data before it collects: during thousands of small
// uploads the SDK's per-request garbage alone took the action's peak RSS from ~180 to ~330 MiB
// (npm run bench, item 3). A runner cannot pass node flags to an action, so the collector is
// reached at run time and asked for a full collection when the resident set grows past a limit.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

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
 * (cheap) and collects only when it is above `limitBytes`, so small syncs never pay for a collection.
 */
export function gcAbove(limitBytes: number, every = 25): () => void {
  let n = 0;
  return () => {
    if (++n % every === 0 && process.memoryUsage.rss() > limitBytes) collectGarbage();
  };
}
