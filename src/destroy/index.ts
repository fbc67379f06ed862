// mode: destroy — delete what this pipeline owns at this location, and nothing else: jobs that carry
// both ownership tags, the state machine when its tags say it is ours, and the S3 objects the sync
// state records as uploaded by this pipeline (then the state object). Data written by the jobs
// themselves (databases/, work_files/) is not the action's to delete. Each resource's tags (and the
// name-prefix of its name) are checked again right before it is deleted: a listing a few seconds old
// does not decide a deletion (listOwned reads it, deleteListed re-checks and deletes).
import * as core from '@actions/core';
import type { Clients } from '../aws/clients.js';
import { applyJobWrites, jobArn, jobsWithTags } from '../glue/aws.js';
import type { ArtifactLocation } from '../location.js';
import { applySync, deleteSyncState, planSync, type SyncPlan } from '../s3-sync/index.js';
import { deleteSchedule, scheduleGroupName } from '../schedule/index.js';
import { deleteStateMachine, readStateMachine, readStateMachineTags } from '../state-machine/aws.js';
import { notOursReason, ownershipOf, ownershipTags } from '../tags.js';

export interface DestroyResult {
  jobs: string[];
  stateMachineArn?: string;
  objects: number;
  /** The schedule group deleted with its schedule (manifest `schedule`). */
  scheduleGroup?: string;
  /** Listed as ours, then found not to be when re-checked right before the delete: kept, and why. */
  leftAlone: { resource: 'Glue job' | 'state machine'; name: string; reason: string }[];
}

export interface DestroyOptions {
  stateMachineName: string;
  location: ArtifactLocation;
  region: string;
  /** From the role ARN or STS, else the state machine's ARN; without any, jobs are re-listed by tags. */
  account: string;
  partition: string;
  namePrefix: string;
}

/** What a destroy found to delete: the listing, read once, that the deletes then re-check one by one. */
export interface DestroyListing {
  jobs: string[];
  stateMachineArn?: string;
  sync: SyncPlan;
}

export async function destroyPipeline(clients: Clients, opts: DestroyOptions): Promise<DestroyResult> {
  return deleteListed(clients, await listOwned(clients, opts), opts);
}

/** Jobs carrying both ownership tags, the state machine with the pipeline's name, the sync state. */
export async function listOwned(clients: Clients, opts: DestroyOptions): Promise<DestroyListing> {
  const owned = ownershipTags(opts.stateMachineName, opts.location);
  const [jobs, sm, sync] = await Promise.all([
    jobsWithTags(clients.glue, owned),
    readStateMachine(clients.sfn, opts.stateMachineName),
    planSync(clients.s3, {
      ...opts.location,
      files: [],
      pipeline: opts.stateMachineName,
    }),
  ]);
  return { jobs: [...jobs].sort(), stateMachineArn: sm?.arn, sync };
}

/**
 * Deletes what the listing holds, each resource only if its tags (and a job's name-prefix), read
 * again right before its delete, still say it is this pipeline's.
 */
export async function deleteListed(
  clients: Clients,
  listing: DestroyListing,
  opts: DestroyOptions,
): Promise<DestroyResult> {
  const owned = ownershipTags(opts.stateMachineName, opts.location);
  const leftAlone: DestroyResult['leftAlone'] = [];
  const keep = (resource: 'Glue job' | 'state machine', name: string, reason: string) => {
    core.warning(`${resource} ${name} not deleted: ${reason}`);
    leftAlone.push({ resource, name, reason });
  };
  // The schedule first, then the state machine: nothing may start a job while its jobs are being
  // deleted. The group's tags are read right before its delete.
  const groupName = scheduleGroupName(opts.stateMachineName);
  const scheduleDeleted = await deleteSchedule(
    clients.scheduler,
    groupName,
    (tags) => ownershipOf(tags, owned) === 'ours',
  );
  let deletedArn: string | undefined;
  const smArn = listing.stateMachineArn;
  if (smArn) {
    const tags = await readStateMachineTags(clients.sfn, smArn).catch((e: Error) => {
      if (e.name === 'ResourceNotFound') return undefined;
      throw e;
    });
    const reason = tags && notOursReason(tags, owned);
    if (reason) keep('state machine', smArn, reason);
    else if (tags) {
      await deleteStateMachine(clients.sfn, smArn);
      deletedArn = smArn;
    }
  }

  const outside = listing.jobs.filter((n) => !n.startsWith(opts.namePrefix));
  for (const n of outside)
    keep(
      'Glue job',
      n,
      `it carries this pipeline's tags but its name does not start with ${opts.namePrefix}`,
    );
  const account = opts.account || smArn?.split(':')[4] || '';
  let names = listing.jobs.filter((n) => n.startsWith(opts.namePrefix));
  // Without an account no job ARN can be built: the tag listing is read again instead.
  if (!account) {
    const again = await jobsWithTags(clients.glue, owned);
    for (const n of names.filter((n) => !again.has(n)))
      keep('Glue job', n, "it no longer carries this pipeline's ownership tags");
    names = names.filter((n) => again.has(n));
  }
  const skipped = await applyJobWrites(
    clients.glue,
    names.map((name) => ({ name, action: 'delete' as const })),
    {
      arnOf: (name) => jobArn(opts.partition, opts.region, account, name),
      whyNotOurs: account ? (_name, tags) => notOursReason(tags, owned) : undefined,
    },
  );
  for (const s of skipped) keep('Glue job', s.name, s.reason);
  const result = await applySync(clients.s3, listing.sync, { prune: true, noStateWrite: true });
  await deleteSyncState(clients.s3, listing.sync);
  const kept = new Set(skipped.map((s) => s.name));
  return {
    jobs: names.filter((n) => !kept.has(n)),
    stateMachineArn: deletedArn,
    objects: result.deleted,
    leftAlone,
    ...(scheduleDeleted ? { scheduleGroup: groupName } : {}),
  };
}
