// What the entry thread and the action's worker thread (index.ts) share: the signals that cancel
// the step, forwarded as messages because a worker thread receives no signals.
import { isMainThread, parentPort } from 'node:worker_threads';

export const CANCEL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/**
 * Young generation of the action's thread. Measured on the bench's first upload: 8 MiB keeps V8's
 * heap near 45 MiB where the default grows it to 165 MiB; below that scavenges cost CPU for
 * little memory.
 */
export const YOUNG_GENERATION_MB = 8;

/**
 * Calls `handler` when the step is cancelled (SIGINT/SIGTERM, received here or forwarded by the
 * entry thread). Returns the function that stops listening; until then a worker thread stays alive.
 */
export function onCancelSignal(handler: (signal: NodeJS.Signals) => void): () => void {
  if (isMainThread || !parentPort) {
    for (const s of CANCEL_SIGNALS) process.on(s, handler);
    return () => {
      for (const s of CANCEL_SIGNALS) process.off(s, handler);
    };
  }
  const port = parentPort;
  const onMessage = (m: { signal?: NodeJS.Signals }) => {
    if (m?.signal) handler(m.signal);
  };
  port.on('message', onMessage);
  return () => port.off('message', onMessage);
}
