// The plan-json output: every resource with its action and changed/kept field names, never values;
// unchanged objects only counted; the list of changed objects bounded.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/index.js';
import { PLAN_JSON_MAX_OBJECTS, planJson } from '../../src/report/plan-json.js';

function plan(changedFiles = 1): Plan {
  return {
    pipeline: { stateMachineName: 'dev-compras' },
    stateMachine: { name: 'dev-compras', action: 'update', fields: ['definition'] },
    schedule: { groupName: 'dev-compras', action: 'unchanged', fields: [] },
    jobs: [
      {
        name: 'a',
        glueName: 'dev-a',
        action: 'update',
        fields: ['NumberOfWorkers', 'DefaultArguments.--DB_PASSWORD'],
      },
      { name: 'b', glueName: 'dev-b', action: 'unchanged', fields: [] },
      { name: 'c', glueName: 'dev-c', action: 'adopt', fields: ['Command'], kept: ['Connections'] },
      { name: 'd', glueName: 'dev-d', action: 'refuse', fields: [], reason: 'pipeline other at s3://b/x/' },
    ],
    sync: {
      files: [
        ...Array.from({ length: changedFiles }, (_, i) => ({
          key: `input_files/f${i}.csv`,
          action: 'create',
          size: 10,
          reason: 'new',
        })),
        { key: 'src_code/b.py', action: 'unchanged', size: 10, reason: '' },
      ],
      orphans: [{ key: 'src_code/gone.py', size: 1, deletable: true, reason: 'no longer declared' }],
    },
  } as unknown as Plan;
}

describe('plan-json', () => {
  it('lists every resource with its action and field names', () => {
    const json = planJson(plan(), true);
    expect(json).toMatchObject({ version: 1, pipeline: 'dev-compras', prune: true, objectsNotListed: 0 });
    expect(json.resources).toEqual([
      { type: 'state-machine', name: 'dev-compras', action: 'update', changedFields: ['definition'] },
      {
        type: 'glue-job',
        name: 'dev-a',
        job: 'a',
        action: 'update',
        changedFields: ['NumberOfWorkers', 'DefaultArguments.--DB_PASSWORD'],
      },
      { type: 'glue-job', name: 'dev-b', job: 'b', action: 'unchanged', changedFields: [] },
      {
        type: 'glue-job',
        name: 'dev-c',
        job: 'c',
        action: 'adopt',
        changedFields: ['Command'],
        keptFields: ['Connections'],
      },
      {
        type: 'glue-job',
        name: 'dev-d',
        job: 'd',
        action: 'refuse',
        changedFields: [],
        reason: 'pipeline other at s3://b/x/',
      },
      { type: 's3-object', name: 'input_files/f0.csv', action: 'create', size: 10, reason: 'new' },
      { type: 's3-object', name: 'src_code/gone.py', action: 'delete', reason: 'no longer declared' },
    ]);
    // Round-trips as the output text, and counts agree with the markdown plan's counts.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.changes).toBe(json.uploads + 1 + 2 + 1); // uploads, 1 delete, 2 jobs, the state machine
  });

  it('lists a schedule that changes', () => {
    const p = plan();
    (p as unknown as { schedule: object }).schedule = {
      groupName: 'dev-compras',
      action: 'update',
      fields: ['ScheduleExpression'],
    };
    expect(planJson(p, false).resources).toContainEqual({
      type: 'schedule',
      name: 'dev-compras',
      action: 'update',
      changedFields: ['ScheduleExpression'],
    });
  });

  it('keeps orphans without prune', () => {
    const orphan = planJson(plan(), false).resources.find((r) => r.name === 'src_code/gone.py');
    expect(orphan?.action).toBe('keep');
  });

  it('bounds the listed objects and says how many were left out', () => {
    const json = planJson(plan(PLAN_JSON_MAX_OBJECTS + 5), true);
    expect(json.resources.filter((r) => r.type === 's3-object')).toHaveLength(PLAN_JSON_MAX_OBJECTS);
    expect(json.objectsNotListed).toBe(6); // 5 extra creates + the orphan
    expect(JSON.stringify(json).length).toBeLessThan(256 * 1024);
  });
});
