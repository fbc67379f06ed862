// The entry point. The action runs in a worker thread with a bounded young generation: that is the
// one supported way to size V8's heap (a runner passes no node flags to an action), and unbounded,
// the young generation grows to 128 MiB under the allocation rate of thousands of uploads (most of
// the action's peak RSS, bench item 3). This thread loads none of the action's code (it is a chunk
// of its own), forwards the cancellation signals and ends with the action's exit code.
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import { CANCEL_SIGNALS, YOUNG_GENERATION_MB } from './thread.js';

if (isMainThread) {
  const worker = new Worker(fileURLToPath(import.meta.url), {
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
  const forward = (signal: NodeJS.Signals) => worker.postMessage({ signal });
  for (const s of CANCEL_SIGNALS) process.on(s, forward);
  worker.on('error', (error) => {
    console.error(error);
    process.exitCode = 1;
  });
  worker.on('exit', (code) => {
    for (const s of CANCEL_SIGNALS) process.off(s, forward);
    process.exitCode ||= code;
  });
} else {
  const { run } = await import('./main.js');
  await run();
}
