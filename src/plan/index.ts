// Plan before apply: collect the files, compute the complete desired state (objects, jobs, state
// machine), read the actual state with a handful of batched reads, and diff. Nothing here writes.
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  collectFiles,
  EXTERNAL_LIBS_KEY,
  INPUT_FILES,
  readRequirements,
  SRC_CODE,
  WHEELS_FOLDER,
} from '../artifacts/index.js';
import type { LocalFile } from '../artifacts/types.js';
import type { Clients } from '../aws/clients.js';
import { jobArn, jobsWithTag, readJobs, readJobTags } from '../glue/aws.js';
import { type ArtifactLocation, s3Uri } from '../location.js';
import type { Pipeline } from '../model.js';
import { planCounts, planSync, readSyncRemote, type SyncPlan } from '../s3-sync/index.js';
import type { ScheduleChange } from '../schedule/index.js';
import { readStateMachine } from '../state-machine/aws.js';
import { ownershipTags, TAG_PIPELINE } from '../tags.js';
import { desiredResources, jobsWithTheirTags, withMeasuredDurations } from './desired.js';
import { diffPlan, type JobChange, type RemoteState, type StateMachineChange } from './diff.js';
import { planSchedule } from './schedule.js';

export type { DesiredJob, DesiredResources } from './desired.js';
export {
  diffPlan,
  type JobAction,
  type JobChange,
  type OwnershipProblems,
  ownershipProblems,
  type RemoteState,
  type StateMachineChange,
} from './diff.js';

export interface Plan {
  pipeline: Pipeline;
  sync: SyncPlan;
  jobs: JobChange[];
  stateMachine: StateMachineChange;
  /** The EventBridge Scheduler schedule (manifest `schedule`). */
  schedule: ScheduleChange;
  tags: Record<string, string>;
  /** The local files the plan compared (a plan made again under the deploy lock reuses them). */
  files: LocalFile[];
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
  region: string;
  /** From the role ARN, else STS; without it job tags are read through tag listings only. */
  account?: string;
  partition: string;
  /** Manifest `schedule`: the role EventBridge Scheduler assumes (empty: not compared), and whether this deploy skips it (a preview). */
  schedule?: { roleArn: string; skipped: boolean };
  /**
   * The files an earlier plan of this run collected: the plan made again under the deploy lock
   * re-reads what others may have changed (the AWS side), not the checkout.
   */
  files?: LocalFile[];
}

/** The whole plan of a loaded pipeline: what main runs and what the plan benchmark times. */
export async function planPipeline(pipeline: Pipeline, opts: PlanOptions): Promise<Plan> {
  // The desired definitions need the libs folder's wheels and requirements, not the whole file walk.
  const files = opts.files
    ? Promise.resolve(opts.files)
    : collectFiles({
        root: opts.root,
        scripts: pipeline.jobs.map((j) => ({ job: j.name, path: j.script })),
        extraFiles: pipeline.jobs
          .flatMap((j) => [...(j.extraJars ?? []), ...(j.extraFiles ?? [])])
          .filter((p) => !p.startsWith('s3://')),
        ...opts.folders,
      });
  files.catch(() => undefined); // awaited below
  // The state object and the listing need the folders, not the files: read while git and the walk run.
  const folders = [
    `${SRC_CODE}/`,
    ...(isDirectory(resolve(opts.root, opts.folders.dataDir)) ? [`${INPUT_FILES}/`] : []),
  ];
  const syncRemote = readSyncRemote(opts.clients.s3, {
    ...opts.location,
    pipeline: pipeline.stateMachineName,
    folders,
  });
  syncRemote.catch(() => undefined); // awaited in planSync
  // Reads only: they need the names and tags, not the files, so they overlap the walk and hashing.
  const remote = readRemoteState(pipeline, opts);
  remote.catch(() => undefined);
  const requirements = readRequirements(
    join(opts.root, opts.folders.externalLibsDir),
    opts.folders.externalLibsDir,
  );
  const collected = await files;
  const desired = desiredResources(pipeline, {
    location: opts.location,
    roleArn: opts.roleArn,
    stateMachineRoleArn: opts.stateMachineRoleArn,
    userTags: opts.userTags,
    extraPyFilesKey: collected.some((f) => f.key === EXTERNAL_LIBS_KEY) ? EXTERNAL_LIBS_KEY : undefined,
    libModules: [
      ...collected
        .filter((f) => f.key.startsWith(`${WHEELS_FOLDER}/`))
        .map((f) => s3Uri(opts.location, f.key)),
      ...requirements,
    ],
    partition: opts.partition,
    region: opts.region,
  });
  const syncPlan = planSync(opts.clients.s3, {
    ...opts.location,
    files: collected,
    pipeline: pipeline.stateMachineName,
    remote: syncRemote,
  });
  const recordedNone = syncPlan.then(
    (p) => p.state.scheduleGroup === null,
    () => false,
  );
  const [sync, actual, schedule] = await Promise.all([
    syncPlan,
    remote,
    planSchedule(pipeline, opts, desired.tags, recordedNone),
  ]);
  const { jobs, stateMachine } = diffPlan(
    withMeasuredDurations(desired, pipeline, sync.state.durations, actual.stateMachine?.definition, {
      partition: opts.partition,
      region: opts.region,
    }),
    { ...actual, declaredBefore: sync.state.jobs },
    { prune: opts.prune },
  );
  return { pipeline, sync, jobs, stateMachine, schedule, tags: desired.tags, files: collected };
}

/**
 * The Glue and Step Functions reads: BatchGetJobs (1,000 names a request), one tag listing per distinct tag set
 * (one, unless jobs have their own tags), the ownership listing for prune, the state machine; then,
 * only for existing jobs that lack their tags (adoption, collisions), each one's tags.
 */
async function readRemoteState(
  pipeline: Pipeline,
  opts: Pick<PlanOptions, 'clients' | 'location' | 'userTags' | 'prune' | 'region' | 'account' | 'partition'>,
): Promise<RemoteState> {
  const { glue, sfn } = opts.clients;
  const owned = ownershipTags(pipeline.stateMachineName, opts.location);
  const desired = { jobs: jobsWithTheirTags(pipeline, opts.userTags, opts.location) };
  // One listing per distinct tag (key and value), shared by every job and the ownership check.
  const pairs = new Map<string, [string, string]>();
  for (const tags of [owned, ...desired.jobs.map((j) => j.tags)]) {
    for (const [k, v] of Object.entries(tags)) pairs.set(JSON.stringify([k, v]), [k, v]);
  }
  const [jobs, listings, stateMachine] = await Promise.all([
    readJobs(
      glue,
      desired.jobs.map((j) => j.glueName),
    ),
    Promise.all([...pairs].map(async ([id, [k, v]]) => [id, await jobsWithTag(glue, k, v)] as const)),
    readStateMachine(sfn, pipeline.stateMachineName),
  ]);
  const byPair = new Map(listings);
  const carriesAll = (name: string, tags: Record<string, string>) =>
    Object.entries(tags).every(([k, v]) => byPair.get(JSON.stringify([k, v]))!.has(name));
  const fullyTagged = new Set(
    desired.jobs.filter((j) => carriesAll(j.glueName, j.tags)).map((j) => j.glueName),
  );
  const ownedJobs = new Set(
    [...byPair.get(JSON.stringify([TAG_PIPELINE, owned[TAG_PIPELINE]]))!].filter((n) => carriesAll(n, owned)),
  );
  const jobTags = new Map<string, Record<string, string>>();
  if (opts.account) {
    const untagged = desired.jobs.filter((j) => jobs.has(j.glueName) && !fullyTagged.has(j.glueName));
    for (const j of untagged) {
      jobTags.set(
        j.glueName,
        await readJobTags(glue, jobArn(opts.partition, opts.region, opts.account, j.glueName)),
      );
    }
  }
  return { jobs, fullyTagged, jobTags, owned: ownedJobs, stateMachine };
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
  const jobChanges = plan.jobs.filter((j) => j.action !== 'unchanged' && j.action !== 'refuse').length;
  const smChange = plan.stateMachine.action === 'unchanged' || plan.stateMachine.action === 'refuse' ? 0 : 1;
  const scheduleChange = ['create', 'update', 'adopt', ...(prune ? ['delete'] : [])].includes(
    plan.schedule.action,
  )
    ? 1
    : 0;
  return {
    uploads,
    unchanged: files.unchanged,
    changes: uploads + files.delete + jobChanges + smChange + scheduleChange,
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
