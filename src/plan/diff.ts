// The diff of the Glue jobs and the state machine: desired resources against what was read from
// AWS. Pure, so every case is a fast unit test; the reads are in plan/index.ts.
// Ownership decides first: a resource with the target name that is not tagged as ours is `adopt`
// (taken over only with adopt-existing) or, when its tags name another pipeline or location,
// `refuse` (never touched).
import type { Job } from '@aws-sdk/client-glue';
import {
  changedFields,
  declaredFieldNames,
  FIELDS_BEFORE_RECORDS,
  type GlueJobDefinition,
  keptFields,
  overlayDefinition,
} from '../glue/definition.js';
import {
  type ActualStateMachine,
  type DesiredStateMachine,
  stateMachineChanges,
} from '../state-machine/compare.js';
import { describeOwner, type Ownership, ownershipOf } from '../tags.js';
import type { DesiredResources } from './desired.js';

export type JobAction = 'create' | 'update' | 'tag' | 'unchanged' | 'delete' | 'adopt' | 'refuse';

export interface JobChange {
  name: string;
  glueName: string;
  action: JobAction;
  /** Changed fields for updates and adoptions. */
  fields: string[];
  /** The complete definition to send (creates, updates, adoptions, tag-only). */
  definition?: GlueJobDefinition;
  /** Tags to write with the create or update; absent when the job already carries them all. */
  tags?: Record<string, string>;
  /** Fields the job has in Glue that the manifest does not declare: left as they are. */
  kept?: string[];
  /** Declared field names to record in the state object once written. */
  declared?: string[];
  /** For `refuse`: who owns it. */
  reason?: string;
}

export interface StateMachineChange {
  name: string;
  action: 'create' | 'update' | 'unchanged' | 'adopt' | 'refuse';
  fields: string[];
  desired: DesiredStateMachine;
  actual?: ActualStateMachine;
  reason?: string;
}

/** What the plan reads from Glue, Step Functions and the state object. */
export interface RemoteState {
  /** Declared jobs that exist, by Glue name. */
  jobs: Map<string, Job>;
  /** Jobs that carry their full desired tag set. */
  fullyTagged: Set<string>;
  /** Tags of the existing declared jobs that are not fully tagged (read one by one). */
  jobTags?: Map<string, Record<string, string>>;
  /** Jobs that carry the ownership tags (read for prune when user tags exist, or without job ARNs). */
  owned?: Set<string>;
  stateMachine?: ActualStateMachine;
  /** Fields each job declared at its last deploy (the state object), by Glue name. */
  declaredBefore?: Record<string, string[]>;
}

export interface DiffOptions {
  /** List owned jobs that are no longer declared as deletions. */
  prune: boolean;
}

export interface ResourceDiff {
  /** Declared jobs in manifest order, then deletions in name order. */
  jobs: JobChange[];
  stateMachine: StateMachineChange;
}

export function diffPlan(desired: DesiredResources, remote: RemoteState, options: DiffOptions): ResourceDiff {
  const jobs: JobChange[] = desired.jobs.map(({ name, glueName, declared, tags }) => {
    const declaredNames = declaredFieldNames(declared);
    const actual = remote.jobs.get(glueName);
    if (!actual) {
      return {
        name,
        glueName,
        action: 'create',
        fields: [],
        definition: declared,
        tags,
        kept: [],
        declared: declaredNames,
      };
    }
    const fullyTagged = remote.fullyTagged.has(glueName);
    const actualTags = remote.jobTags?.get(glueName);
    const owner: Ownership = fullyTagged
      ? 'ours'
      : actualTags
        ? ownershipOf(actualTags, tags)
        : remote.owned?.has(glueName)
          ? 'ours'
          : 'unowned';
    if (owner === 'foreign') {
      return {
        name,
        glueName,
        action: 'refuse',
        fields: [],
        kept: [],
        reason: describeOwner(actualTags ?? {}),
      };
    }
    const before = remote.declaredBefore?.[glueName] ?? (owner === 'ours' ? FIELDS_BEFORE_RECORDS : []);
    const definition = overlayDefinition(declared, actual, before);
    const fields = changedFields(definition, actual);
    const base = {
      name,
      glueName,
      fields,
      definition,
      kept: keptFields(declared, definition),
      declared: declaredNames,
    };
    const withTags = fullyTagged ? {} : { tags };
    if (owner === 'unowned') return { ...base, action: 'adopt', tags };
    if (fields.length > 0) return { ...base, action: 'update', ...withTags };
    if (!fullyTagged) return { ...base, action: 'tag', fields: ['Tags'], tags };
    return { name, glueName, action: 'unchanged', fields: [], kept: base.kept, declared: declaredNames };
  });
  if (options.prune) {
    const declaredJobs = new Set(desired.jobs.map((j) => j.glueName));
    for (const name of [...(remote.owned ?? remote.fullyTagged)].sort()) {
      if (!declaredJobs.has(name))
        jobs.push({ name, glueName: name, action: 'delete', fields: [], kept: [] });
    }
  }
  return { jobs, stateMachine: diffStateMachine(desired.stateMachine, remote.stateMachine) };
}

function diffStateMachine(
  desired: DesiredStateMachine,
  actual: ActualStateMachine | undefined,
): StateMachineChange {
  const base = { name: desired.name, desired, actual };
  if (!actual) return { ...base, action: 'create', fields: [] };
  const fields = stateMachineChanges(desired, actual);
  const owner = ownershipOf(actual.tags, desired.tags);
  if (owner === 'foreign')
    return { ...base, action: 'refuse', fields: [], reason: describeOwner(actual.tags) };
  if (owner === 'unowned') return { ...base, action: 'adopt', fields };
  return { ...base, action: fields.length > 0 ? 'update' : 'unchanged', fields };
}

export interface OwnershipProblems {
  /** Unowned resources with a target name: adopted only with adopt-existing. */
  adopt: string[];
  /** Resources another pipeline or location owns: never touched. */
  refuse: string[];
}

export function ownershipProblems(
  diff: ResourceDiff & { schedule?: { groupName: string; action: string; reason?: string } },
): OwnershipProblems {
  const adopt: string[] = [];
  const refuse: string[] = [];
  const sc = diff.schedule;
  if (sc?.action === 'adopt') adopt.push(`schedule group ${sc.groupName}`);
  if (sc?.action === 'refuse') refuse.push(`schedule group ${sc.groupName} (owned by ${sc.reason})`);
  const sm = diff.stateMachine;
  if (sm.action === 'adopt') adopt.push(`state machine ${sm.name}`);
  if (sm.action === 'refuse') refuse.push(`state machine ${sm.name} (owned by ${sm.reason})`);
  for (const j of diff.jobs) {
    if (j.action === 'adopt') adopt.push(`Glue job ${j.glueName}`);
    if (j.action === 'refuse') refuse.push(`Glue job ${j.glueName} (owned by ${j.reason})`);
  }
  return { adopt, refuse };
}
