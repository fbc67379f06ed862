// The diff of the Glue jobs and the state machine: desired resources against what was read from
// AWS. Pure, so every case is a fast unit test; the reads are in plan/index.ts.
import type { Job } from '@aws-sdk/client-glue';
import { changedFields, type GlueJobDefinition } from '../glue/definition.js';
import {
  type ActualStateMachine,
  type DesiredStateMachine,
  stateMachineChanges,
} from '../state-machine/compare.js';
import type { DesiredResources } from './desired.js';

export type JobAction = 'create' | 'update' | 'tag' | 'unchanged' | 'delete';

export interface JobChange {
  name: string;
  glueName: string;
  action: JobAction;
  /** Changed fields for updates. */
  fields: string[];
  definition?: GlueJobDefinition;
}

export interface StateMachineChange {
  name: string;
  action: 'create' | 'update' | 'unchanged';
  fields: string[];
  desired: DesiredStateMachine;
  actual?: ActualStateMachine;
}

/** What the plan reads from Glue and Step Functions. */
export interface RemoteState {
  /** Declared jobs that exist, by Glue name. */
  jobs: Map<string, Job>;
  /** Jobs that carry the full desired tag set. */
  fullyTagged: Set<string>;
  /** Jobs that carry the ownership tags (only read for prune when user tags exist). */
  owned?: Set<string>;
  stateMachine?: ActualStateMachine;
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
  const jobs: JobChange[] = desired.jobs.map(({ name, glueName, definition }) => {
    const actual = remote.jobs.get(glueName);
    if (!actual) return { name, glueName, action: 'create', fields: [], definition };
    const fields = changedFields(definition, actual);
    if (fields.length > 0) return { name, glueName, action: 'update', fields, definition };
    if (!remote.fullyTagged.has(glueName)) {
      return { name, glueName, action: 'tag', fields: ['Tags'], definition };
    }
    return { name, glueName, action: 'unchanged', fields: [] };
  });
  if (options.prune) {
    const declared = new Set(desired.jobs.map((j) => j.glueName));
    for (const name of [...(remote.owned ?? remote.fullyTagged)].sort()) {
      if (!declared.has(name)) jobs.push({ name, glueName: name, action: 'delete', fields: [] });
    }
  }

  const actualSm = remote.stateMachine;
  const smFields = actualSm ? stateMachineChanges(desired.stateMachine, actualSm) : [];
  const stateMachine: StateMachineChange = {
    name: desired.stateMachine.name,
    action: !actualSm ? 'create' : smFields.length > 0 ? 'update' : 'unchanged',
    fields: smFields,
    desired: desired.stateMachine,
    actual: actualSm,
  };
  return { jobs, stateMachine };
}
