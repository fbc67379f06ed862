// Plan before apply: compute the complete desired state (objects, jobs, state machine), read the
// actual state with a handful of batched reads, and diff. Nothing here writes.

import type { Job } from '@aws-sdk/client-glue';
import type { Clients } from '../aws/clients.js';
import { jobsWithTags, readJobs } from '../glue-jobs/aws.js';
import { changedFields, desiredDefinition, type GlueJobDefinition } from '../glue-jobs/definition.js';
import type { Pipeline } from '../model.js';
import { planCounts, planSync } from '../s3-sync/index.js';
import type { LocalFile, SyncPlan } from '../s3-sync/types.js';
import { buildDefinition, serializeDefinition } from '../state-machine/asl.js';
import {
  type ActualStateMachine,
  type DesiredStateMachine,
  readStateMachine,
  stateMachineChanges,
} from '../state-machine/deploy.js';
import { ownershipTags, resourceTags } from '../tags.js';

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

export interface Plan {
  pipeline: Pipeline;
  sync: SyncPlan;
  jobs: JobChange[];
  stateMachine: StateMachineChange;
  tags: Record<string, string>;
}

export interface PlanContext {
  clients: Clients;
  bucket: string;
  prefix: string;
  roleArn: string;
  stateMachineRoleArn: string;
  userTags: Record<string, string>;
  prune: boolean;
  files: LocalFile[];
  /** Key of the external-libs zip among `files`, when there is one. */
  extraPyFilesKey?: string;
}

/** What the plan reads from Glue and Step Functions: it needs only the manifest, not the files. */
export interface RemoteState {
  jobs: Map<string, Job>;
  /** Jobs that carry the full desired tag set. */
  fullyTagged: Set<string>;
  /** Jobs that carry the ownership tags (only read for prune when user tags exist). */
  owned?: Set<string>;
  stateMachine?: ActualStateMachine;
}

/**
 * Starts the Glue and Step Functions reads (BatchGetJobs in batches, two tag listings at most, the
 * state machine) so they run while the files are collected and hashed.
 */
export function readRemoteState(
  pipeline: Pipeline,
  ctx: Pick<PlanContext, 'clients' | 'bucket' | 'prefix' | 'userTags' | 'prune'>,
): Promise<RemoteState> {
  const tags = resourceTags(ctx.userTags, pipeline.stateMachineName, ctx.bucket, ctx.prefix);
  const owned = ownershipTags(pipeline.stateMachineName, ctx.bucket, ctx.prefix);
  const sameTags = Object.keys(tags).length === Object.keys(owned).length;
  return Promise.all([
    readJobs(
      ctx.clients.glue,
      pipeline.jobs.map((j) => j.glueName),
    ),
    jobsWithTags(ctx.clients.glue, tags),
    ctx.prune && !sameTags ? jobsWithTags(ctx.clients.glue, owned) : Promise.resolve(undefined),
    readStateMachine(ctx.clients.sfn, pipeline.stateMachineName),
  ]).then(([jobs, fullyTagged, ownedJobs, stateMachine]) => ({
    jobs,
    fullyTagged,
    owned: ownedJobs,
    stateMachine,
  }));
}

export async function computePlan(
  pipeline: Pipeline,
  ctx: PlanContext,
  remote: Promise<RemoteState> = readRemoteState(pipeline, ctx),
): Promise<Plan> {
  const { clients, bucket, prefix } = ctx;
  const tags = resourceTags(ctx.userTags, pipeline.stateMachineName, bucket, prefix);
  const syncRead = planSync(clients.s3, {
    bucket,
    prefix,
    files: ctx.files,
    pipeline: pipeline.stateMachineName,
  });
  // The desired definitions are built while the reads are in flight (the servers work meanwhile).
  const desiredJobs = pipeline.jobs.map((job) => ({
    job,
    definition: desiredDefinition(job, {
      bucket,
      prefix,
      roleArn: ctx.roleArn,
      extraPyFilesKey: ctx.extraPyFilesKey,
    }),
  }));
  const desiredSm: DesiredStateMachine = {
    name: pipeline.stateMachineName,
    definition: serializeDefinition(
      buildDefinition(pipeline.jobs, {
        comment: `Glue pipeline ${pipeline.name}`,
        expectedDurations: hints(pipeline),
      }),
    ),
    roleArn: ctx.stateMachineRoleArn,
    tags,
  };
  const [sync, actual] = await Promise.all([syncRead, remote]);
  const { jobs: actualJobs, fullyTagged, owned: ownedJobs, stateMachine: actualSm } = actual;

  const jobs: JobChange[] = desiredJobs.map(({ job, definition }) => {
    const actual = actualJobs.get(job.glueName);
    if (!actual) return { name: job.name, glueName: job.glueName, action: 'create', fields: [], definition };
    const fields = changedFields(definition, actual);
    if (fields.length > 0)
      return { name: job.name, glueName: job.glueName, action: 'update', fields, definition };
    if (!fullyTagged.has(job.glueName)) {
      return { name: job.name, glueName: job.glueName, action: 'tag', fields: ['Tags'], definition };
    }
    return { name: job.name, glueName: job.glueName, action: 'unchanged', fields: [] };
  });
  if (ctx.prune) {
    const declared = new Set(pipeline.jobs.map((j) => j.glueName));
    for (const name of [...(ownedJobs ?? fullyTagged)].sort()) {
      if (!declared.has(name)) jobs.push({ name, glueName: name, action: 'delete', fields: [] });
    }
  }

  const smFields = actualSm ? stateMachineChanges(desiredSm, actualSm) : [];
  const stateMachine: StateMachineChange = {
    name: desiredSm.name,
    action: !actualSm ? 'create' : smFields.length > 0 ? 'update' : 'unchanged',
    fields: smFields,
    desired: desiredSm,
    actual: actualSm,
  };
  return { pipeline, sync, jobs, stateMachine, tags };
}

/** Manifest `expected-minutes` as the builder's duration hints; undefined when no job has one. */
function hints(pipeline: Pipeline): Map<string, number> | undefined {
  const known = pipeline.jobs.filter((j) => j.expectedMinutes !== undefined);
  return known.length > 0 ? new Map(known.map((j) => [j.name, j.expectedMinutes!])) : undefined;
}

export interface PlanCounts {
  /** Files to upload. */
  uploads: number;
  unchanged: number;
  /** Resources created, updated or deleted (files, jobs, state machine). */
  changes: number;
}

export function countPlan(plan: Plan, prune: boolean): PlanCounts {
  const files = planCounts(plan.sync, { prune });
  const uploads = files.create + files.update;
  const jobChanges = plan.jobs.filter((j) => j.action !== 'unchanged').length;
  const smChange = plan.stateMachine.action === 'unchanged' ? 0 : 1;
  return {
    uploads,
    unchanged: files.unchanged,
    changes: uploads + files.delete + jobChanges + smChange,
  };
}
