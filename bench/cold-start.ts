// Item 5: from process start (just before spawn) to the first byte of the first AWS request, seen
// by a pass-through in front of the emulator. Runs `mode: plan`, which sends no writes.
import type { Emulator } from '../emulator/launcher.js';
import { median } from './plan-growth.js';
import { failed, runAction } from './proc.js';
import type { Repo } from './repo.js';
import { startTap } from './servers.js';
import { actionTarget } from './sync.js';

export interface ColdStart {
  medianMs: number;
  runsMs: number[];
}

export async function coldStartBench(
  dist: string,
  repo: Repo,
  emulator: Emulator,
  runs: number,
  log: (line: string) => void,
): Promise<ColdStart> {
  const tap = await startTap(emulator.endpoint);
  try {
    const target = { name: 'tap', s3: tap.endpoint, emulator: tap.endpoint };
    const { inputs, env } = actionTarget(target, 'bench-plan', 'cold-', 'cold-start');
    const runsMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      tap.reset();
      const r = await runAction({ dist, cwd: repo.dir, inputs: { ...inputs, mode: 'plan' }, env });
      if (r.code !== 0) throw failed('cold-start plan run', r);
      const first = tap.firstByteAt();
      if (first === undefined) throw new Error('the action sent no request through the pass-through');
      runsMs.push(first - r.startedAt);
    }
    const medianMs = median(runsMs);
    log(`  median ${medianMs.toFixed(0)} ms (${runsMs.map((m) => m.toFixed(0)).join(', ')})`);
    return { medianMs, runsMs };
  } finally {
    await tap.stop();
  }
}
