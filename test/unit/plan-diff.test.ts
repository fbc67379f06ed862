// The pure diff of Glue jobs and the state machine: create, update (each field), tag-only,
// delete-on-prune and no-op, without AWS.
import type { Job } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../src/model.js';
import { desiredResources } from '../../src/plan/desired.js';
import { type DesiredResources, diffPlan, type RemoteState } from '../../src/plan/index.js';
import type { ActualStateMachine } from '../../src/state-machine/compare.js';
import { jobSpec } from '../helpers/job-spec.js';

const spec = (name: string, dependsOn: string[] = []) =>
  jobSpec(name, { dependsOn, arguments: { '--X': '1' }, description: 'loads' });

const pipeline: Pipeline = {
  name: 'p',
  stateMachineName: 'dev-p',
  jobs: [spec('load'), spec('merge', ['load'])],
};
const ROLE = 'arn:aws:iam::111122223333:role/glue';
const SM_ROLE = 'arn:aws:iam::111122223333:role/sfn';
const desired: DesiredResources = desiredResources(pipeline, {
  location: { bucket: 'b', prefix: 'dev/' },
  roleArn: ROLE,
  stateMachineRoleArn: SM_ROLE,
  userTags: { team: 'data' },
});

/** What Glue and Step Functions return once the desired state is deployed. */
function deployed(): RemoteState {
  const jobs = new Map<string, Job>(
    desired.jobs.map((j) => [j.glueName, structuredClone({ Name: j.glueName, ...j.declared })]),
  );
  const stateMachine: ActualStateMachine = {
    arn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:dev-p',
    // Same JSON, other formatting: compared as JSON, not as text.
    definition: JSON.stringify(JSON.parse(desired.stateMachine.definition)),
    roleArn: SM_ROLE,
    tags: { ...desired.tags },
  };
  return { jobs, fullyTagged: new Set(jobs.keys()), stateMachine };
}

const actions = (d: ReturnType<typeof diffPlan>) => d.jobs.map((j) => [j.glueName, j.action, j.fields]);

describe('diffPlan', () => {
  it('creates what does not exist, with the complete definition', () => {
    const d = diffPlan(desired, { jobs: new Map(), fullyTagged: new Set() }, { prune: false });
    expect(actions(d)).toEqual([
      ['dev-load', 'create', []],
      ['dev-merge', 'create', []],
    ]);
    expect(d.jobs[0]!.definition).toEqual(desired.jobs[0]!.declared);
    expect(d.stateMachine).toMatchObject({ name: 'dev-p', action: 'create', fields: [], actual: undefined });
    expect(d.stateMachine.desired).toBe(desired.stateMachine);
  });

  it('changes nothing when everything is deployed and tagged (no-op)', () => {
    const d = diffPlan(desired, deployed(), { prune: true });
    expect(actions(d)).toEqual([
      ['dev-load', 'unchanged', []],
      ['dev-merge', 'unchanged', []],
    ]);
    expect(d.jobs.every((j) => j.definition === undefined)).toBe(true);
    expect(d.stateMachine).toMatchObject({ action: 'unchanged', fields: [] });
  });

  // One mutation of the deployed job per field of the definition; the list must cover them all.
  const mutations: [string, (j: Job) => void][] = [
    ['Description', (j) => (j.Description = 'other')],
    ['Role', (j) => (j.Role = 'arn:aws:iam::111122223333:role/other')],
    ['Command', (j) => (j.Command = { ...j.Command, ScriptLocation: 's3://b/other.py' })],
    ['DefaultArguments.--X', (j) => (j.DefaultArguments = { ...j.DefaultArguments, '--X': '2' })],
    ['GlueVersion', (j) => (j.GlueVersion = '4.0')],
    ['WorkerType', (j) => (j.WorkerType = 'G.2X')],
    ['NumberOfWorkers', (j) => (j.NumberOfWorkers = 10)],
    ['Timeout', (j) => (j.Timeout = 60)],
    ['MaxRetries', (j) => (j.MaxRetries = 3)],
    ['ExecutionClass', (j) => (j.ExecutionClass = 'FLEX')],
  ];

  it('covers every field of the job definition', () => {
    const covered = mutations.map(([field]) => field.split('.')[0]);
    expect(covered.sort()).toEqual(Object.keys(desired.jobs[0]!.declared).sort());
  });

  it.each(mutations)('updates a job whose %s differs, and only that field', (field, mutate) => {
    const remote = deployed();
    mutate(remote.jobs.get('dev-merge')!);
    const d = diffPlan(desired, remote, { prune: false });
    expect(actions(d)).toEqual([
      ['dev-load', 'unchanged', []],
      ['dev-merge', 'update', [field]],
    ]);
    expect(d.jobs[1]!.definition).toEqual(desired.jobs[1]!.declared);
  });

  it('updates the state machine on its definition, role or tags', () => {
    const cases: [string, (sm: ActualStateMachine) => void][] = [
      ['definition', (sm) => (sm.definition = '{"StartAt":"x","States":{}}')],
      ['roleArn', (sm) => (sm.roleArn = ROLE)],
      ['tags', (sm) => (sm.tags = { ...sm.tags, team: 'other' })],
    ];
    for (const [field, mutate] of cases) {
      const remote = deployed();
      mutate(remote.stateMachine!);
      const d = diffPlan(desired, remote, { prune: false });
      expect(d.stateMachine, field).toMatchObject({ action: 'update', fields: [field] });
      expect(d.stateMachine.actual).toBe(remote.stateMachine);
    }
  });

  it('only tags a job that is up to date but lacks the full tag set (tag-only)', () => {
    const remote = deployed();
    remote.fullyTagged.delete('dev-load');
    // Its tags are read one by one: the ownership tags are there, the user tag is missing.
    const { team: _team, ...ownership } = desired.tags;
    remote.jobTags = new Map([['dev-load', ownership]]);
    const d = diffPlan(desired, remote, { prune: false });
    expect(actions(d)).toEqual([
      ['dev-load', 'tag', ['Tags']],
      ['dev-merge', 'unchanged', []],
    ]);
    expect(d.jobs[0]!.tags).toEqual(desired.tags);
  });

  it('deletes owned jobs that are no longer declared only when pruning, in name order', () => {
    const remote = deployed();
    remote.fullyTagged.add('dev-zeta').add('dev-old');
    expect(actions(diffPlan(desired, remote, { prune: false })).map(([n]) => n)).toEqual([
      'dev-load',
      'dev-merge',
    ]);
    expect(actions(diffPlan(desired, remote, { prune: true })).slice(2)).toEqual([
      ['dev-old', 'delete', []],
      ['dev-zeta', 'delete', []],
    ]);
    // With user tags, ownership is read separately: only jobs carrying the ownership tags go.
    remote.owned = new Set(['dev-load', 'dev-stale']);
    expect(actions(diffPlan(desired, remote, { prune: true })).slice(2)).toEqual([
      ['dev-stale', 'delete', []],
    ]);
  });
});
