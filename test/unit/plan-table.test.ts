// The plan table: changed resources one row each, unchanged ones summed up, and files no longer
// declared shown as deleted only when pruning (never-owned or changed-by-someone-else ones are kept).
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/index.js';
import { planMarkdown } from '../../src/report/plan-table.js';

const plan = {
  stateMachine: { name: 'dev-p', action: 'update', fields: ['definition'] },
  schedule: { groupName: 'dev-p', action: 'unchanged', fields: [] },
  jobs: [
    { name: 'a', glueName: 'dev-a', action: 'update', fields: ['NumberOfWorkers'] },
    { name: 'b', glueName: 'dev-b', action: 'unchanged', fields: [] },
    {
      name: 'c',
      glueName: 'dev-c',
      action: 'adopt',
      fields: ['Command', 'DefaultArguments.--TempDir'],
      kept: ['Connections', 'SecurityConfiguration'],
    },
    { name: 'd', glueName: 'dev-d', action: 'refuse', fields: [], reason: 'pipeline other at s3://b/x/' },
  ],
  sync: {
    files: [
      { key: 'src_code/a.py', action: 'update', size: 2048, reason: 'content changed' },
      { key: 'src_code/b.py', action: 'unchanged', size: 10, reason: '' },
    ],
    orphans: [
      { key: 'src_code/gone.py', size: 1, deletable: true, reason: 'no longer declared' },
      { key: 'src_code/kept.py', size: 1, deletable: false, reason: 'changed by someone else' },
    ],
  },
} as unknown as Plan;

describe('plan table', () => {
  it('lists what changes and sums up what does not', () => {
    const md = planMarkdown(plan, false);
    expect(md).toContain('| state machine | dev-p | update | definition |');
    expect(md).toContain('| Glue job | dev-a | update | NumberOfWorkers |');
    expect(md).toContain('| Glue job | 1 job(s) | unchanged |  |');
    // An adopted job: what changes, and what it keeps because the manifest does not declare it.
    expect(md).toContain(
      '| Glue job | dev-c | adopt | Command, DefaultArguments.--TempDir; kept: Connections, SecurityConfiguration |',
    );
    expect(md).toContain('| Glue job | dev-d | refuse | owned by pipeline other at s3://b/x/ |');
    expect(md).toContain('| S3 object | `src_code/a.py` | update | 2.0 KiB; content changed |');
    expect(md).toContain('| S3 object | 1 file(s) | unchanged |  |');
  });

  it('shows orphans as delete only when pruning, and only the deletable ones', () => {
    const rows = (prune: boolean) =>
      planMarkdown(plan, prune)
        .split('\n')
        .filter((l) => l.includes('| delete |'));
    expect(rows(true)).toEqual(['| S3 object | `src_code/gone.py` | delete | no longer declared |']);
    expect(rows(false)).toEqual([]);
    expect(planMarkdown(plan, true)).toContain('`src_code/kept.py` | keep (not declared)');
  });
});
