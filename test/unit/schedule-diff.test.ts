// The schedule's plan decision (pure): create, update only on a difference, keep or delete a dropped
// one by prune, skip previews, adopt or refuse a group that is not ours; and the group's name.
import { describe, expect, it } from 'vitest';
import {
  type ActualSchedule,
  type DesiredSchedule,
  diffSchedule,
  isPreview,
  SCHEDULE_RETRY,
  scheduleGroupName,
} from '../../src/schedule/index.js';

const OURS = {
  'glue-pipeline-deploy:pipeline': 'dev-compras',
  'glue-pipeline-deploy:location': 's3://b/dev/',
};
const desired: DesiredSchedule = {
  groupName: 'dev-compras',
  name: 'run',
  expression: 'cron(0 3 * * ? *)',
  input: '{"arguments":{"--MODE":"daily"}}',
  roleArn: 'arn:aws:iam::123456789012:role/sched',
  targetArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-compras',
  tags: { team: 'data', ...OURS },
};
const actual = (
  over: Partial<NonNullable<ActualSchedule['schedule']>> = {},
  tags = desired.tags,
): ActualSchedule => ({
  groupArn: 'arn:aws:scheduler:eu-west-1:123456789012:schedule-group/dev-compras',
  groupTags: tags,
  schedule: {
    expression: desired.expression,
    timezone: 'UTC',
    state: 'ENABLED',
    flexibleWindow: 'OFF',
    targetArn: desired.targetArn,
    roleArn: desired.roleArn,
    // Same JSON, other key order and spacing: not a difference.
    input: '{ "arguments": { "--MODE": "daily" } }',
    retry: { ...SCHEDULE_RETRY },
    ...over,
  },
});
const opts = { prune: false, ours: OURS, skipped: false };

describe('diffSchedule', () => {
  it('creates a missing schedule, and leaves an identical one alone', () => {
    expect(diffSchedule('dev-compras', desired, undefined, opts).action).toBe('create');
    expect(diffSchedule('dev-compras', desired, { ...actual(), schedule: undefined }, opts).action).toBe(
      'create',
    );
    expect(diffSchedule('dev-compras', desired, actual(), opts)).toMatchObject({
      action: 'unchanged',
      fields: [],
    });
  });

  it('names each field that differs', () => {
    const d = diffSchedule(
      'dev-compras',
      desired,
      actual({
        expression: 'rate(1 day)',
        input: '{}',
        roleArn: 'arn:aws:iam::123456789012:role/other',
        state: 'DISABLED',
      }),
      opts,
    );
    expect(d).toMatchObject({
      action: 'update',
      fields: ['ScheduleExpression', 'State', 'Target.RoleArn', 'Target.Input'],
    });
    expect(diffSchedule('dev-compras', desired, actual({}, OURS), opts).fields).toEqual(['Tags']);
    // Unknown role or target (plan mode without inputs): not compared.
    expect(
      diffSchedule(
        'dev-compras',
        { ...desired, roleArn: '', targetArn: '' },
        actual({ roleArn: 'x', targetArn: 'y' }),
        opts,
      ).action,
    ).toBe('unchanged');
  });

  it('keeps a dropped schedule without prune, deletes it with prune, and never touches one not ours', () => {
    expect(diffSchedule('dev-compras', undefined, actual(), opts).action).toBe('keep');
    expect(diffSchedule('dev-compras', undefined, actual(), { ...opts, prune: true }).action).toBe('delete');
    expect(diffSchedule('dev-compras', undefined, actual({}, {}), { ...opts, prune: true }).action).toBe(
      'unchanged',
    );
    expect(diffSchedule('dev-compras', undefined, undefined, opts).action).toBe('unchanged');
  });

  it('skips a preview, adopts an untagged group, refuses another pipeline’s', () => {
    expect(diffSchedule('dev-compras', undefined, undefined, { ...opts, skipped: true }).action).toBe('skip');
    expect(diffSchedule('dev-compras', desired, actual({}, {}), opts).action).toBe('adopt');
    const other = { ...OURS, 'glue-pipeline-deploy:pipeline': 'other' };
    expect(diffSchedule('dev-compras', desired, actual({}, other), opts)).toMatchObject({
      action: 'refuse',
      reason: 'pipeline other at s3://b/dev/',
    });
  });
});

describe('schedule group names and previews', () => {
  it('uses the state machine name when it fits, else a shortened one that keeps the name-prefix', () => {
    expect(scheduleGroupName('dev-compras')).toBe('dev-compras');
    const long = `prod-${'x'.repeat(70)}`;
    const name = scheduleGroupName(long);
    expect(name).toHaveLength(64);
    expect(name.startsWith('prod-xxx')).toBe(true);
    expect(scheduleGroupName(long)).toBe(name);
    expect(scheduleGroupName(`${long}y`)).not.toBe(name);
    expect(scheduleGroupName('dev-compras+vendas')).toMatch(/^dev-compras_vendas-[0-9a-f]{8}$/);
  });

  it('treats pr<digit> name-prefixes and previews/ prefixes as previews', () => {
    expect(isPreview('pr12-', 'previews/pr-12/')).toBe(true);
    expect(isPreview('pr3-', '')).toBe(true);
    expect(isPreview('dev-', 'previews/x/')).toBe(true);
    expect(isPreview('prod-', 'prod/')).toBe(false);
    expect(isPreview('', '')).toBe(false);
  });
});
