// Plan before apply: collect the files, compute the complete desired state (objects, jobs, state
// machine), read the actual state with a handful of batched reads, and diff. Nothing here writes.
import { collectFiles, EXTERNAL_LIBS_KEY } from '../artifacts/index.js';
import type { Clients } from '../aws/clients.js';
import { jobsWithTags, readJobs } from '../glue/aws.js';
import type { ArtifactLocation } from '../location.js';
import type { Pipeline } from '../model.js';
import { planCounts, planSync, type SyncPlan } from '../s3-sync/index.js';
import { readStateMachine } from '../state-machine/aws.js';
import { ownershipTags, resourceTags } from '../tags.js';
import { desiredResources } from './desired.js';
import { diffPlan, type JobChange, type RemoteState, type StateMachineChange } from './diff.js';

export type { DesiredJob, DesiredResources } from './desired.js';
export {
  diffPlan,
  type JobAction,
  type JobChange,
  type RemoteState,
  type StateMachineChange,
} from './diff.js';

export interface Plan {
  pipeline: Pipeline;
  sync: SyncPlan;
  jobs: JobChange[];
  stateMachine: StateMachineChange;
  tags: Record<string, string>;
}

export interface PlanOptions {
  clients: Clients;
  /** Absolute repository root. */
  root: string;
  location: ArtifactLocation;
  /** Repository-relative folders of the uploaded files (a missing one contributes nothing). */
  folders: { externalLibsDir: string; dbDir: string; dataDir: string };
  /** Empty in plan mode when not given: then roles are not compared. */
  roleArn: string;
  stateMachineRoleArn: string;
  userTags: Record<string, string>;
  prune: boolean;
}

/** The whole plan of a loaded pipeline: what main runs and what the plan benchmark times. */
export async function planPipeline(pipeline: Pipeline, opts: PlanOptions): Promise<Plan> {
  // Reads only: they need the manifest, not the files, so they overlap the file walk and hashing.
  const remote = readRemoteState(pipeline, opts);
  remote.catch(() => undefined); // awaited below; a bad file must not leave it unhandled
  const files = await collectFiles({
    root: opts.root,
    scripts: pipeline.jobs.map((j) => ({ job: j.name, path: j.script })),
    ...opts.folders,
  });
  const syncRead = planSync(opts.clients.s3, {
    ...opts.location,
    files,
    pipeline: pipeline.stateMachineName,
  });
  // The desired definitions are built while the reads are in flight (the servers work meanwhile).
  const desired = desiredResources(pipeline, {
    location: opts.location,
    roleArn: opts.roleArn,
    stateMachineRoleArn: opts.stateMachineRoleArn,
    userTags: opts.userTags,
    extraPyFilesKey: files.some((f) => f.key === EXTERNAL_LIBS_KEY) ? EXTERNAL_LIBS_KEY : undefined,
  });
  const [sync, actual] = await Promise.all([syncRead, remote]);
  const { jobs, stateMachine } = diffPlan(desired, actual, { prune: opts.prune });
  return { pipeline, sync, jobs, stateMachine, tags: desired.tags };
}

/**
 * Starts the Glue and Step Functions reads (BatchGetJobs in batches, two tag listings at most, the
 * state machine) so they run while the files are collected and hashed.
 */
function readRemoteState(
  pipeline: Pipeline,
  opts: Pick<PlanOptions, 'clients' | 'location' | 'userTags' | 'prune'>,
): Promise<RemoteState> {
  const { glue, sfn } = opts.clients;
  const tags = resourceTags(opts.userTags, pipeline.stateMachineName, opts.location);
  const owned = ownershipTags(pipeline.stateMachineName, opts.location);
  const sameTags = Object.keys(tags).length === Object.keys(owned).length;
  return Promise.all([
    readJobs(
      glue,
      pipeline.jobs.map((j) => j.glueName),
    ),
    jobsWithTags(glue, tags),
    opts.prune && !sameTags ? jobsWithTags(glue, owned) : Promise.resolve(undefined),
    readStateMachine(sfn, pipeline.stateMachineName),
  ]).then(([jobs, fullyTagged, ownedJobs, stateMachine]) => ({
    jobs,
    fullyTagged,
    owned: ownedJobs,
    stateMachine,
  }));
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
