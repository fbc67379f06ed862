// mode: destroy — delete what this pipeline owns at this location, and nothing else: jobs that carry
// both ownership tags, the state machine when its tags say it is ours, and the S3 objects the sync
// state records as uploaded by this pipeline (then the state object). Data written by the jobs
// themselves (databases/, work_files/) is not the action's to delete. Each resource's tags (and the
// name-prefix of its name) are checked again right before it is deleted: a listing a few seconds old
// does not decide a deletion.
import * as core from '@actions/core';
import type { Clients } from '../aws/clients.js';
import { applyJobWrites, jobArn, jobsWithTags } from '../glue/aws.js';
import type { ArtifactLocation } from '../location.js';
import { applySync, deleteSyncState, planSync } from '../s3-sync/index.js';
import { deleteSchedule, scheduleGroupName } from '../schedule/index.js';
import { deleteStateMachine, readStateMachine, readStateMachineTags } from '../state-machine/aws.js';
import { ownershipOf, ownershipTags } from '../tags.js';

export interface DestroyResult {
  jobs: string[];
  stateMachineArn?: string;
  objects: number;
  /** The schedule group deleted with its schedule (manifest `schedule`). */
  scheduleGroup?: string;
}

export interface DestroyOptions {
  stateMachineName: string;
  location: ArtifactLocation;
  region: string;
  /** From the role ARN, else the state machine's ARN; without either, jobs are re-listed by tags. */
  account: string;
  partition: string;
  namePrefix: string;
}

export async function destroyPipeline(clients: Clients, opts: DestroyOptions): Promise<DestroyResult> {
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
  // The schedule first, then the state machine: nothing may start a job while its jobs are being deleted.
  const groupName = scheduleGroupName(opts.stateMachineName);
  const scheduleDeleted = await deleteSchedule(
    clients.scheduler,
    groupName,
    (tags) => ownershipOf(tags, owned) === 'ours',
  );
  let deletedArn: string | undefined;
  if (sm) {
    const ours = ownershipOf(await readStateMachineTags(clients.sfn, sm.arn), owned) === 'ours';
    if (!ours) core.warning(`state machine ${sm.arn} is not tagged as this pipeline's: left alone`);
    else {
      await deleteStateMachine(clients.sfn, sm.arn);
      deletedArn = sm.arn;
    }
  }

  const outside = [...jobs].filter((n) => !n.startsWith(opts.namePrefix));
  for (const n of outside)
    core.warning(`Glue job ${n} carries this pipeline's tags but not its name-prefix: left alone`);
  const account = opts.account || sm?.arn.split(':')[4] || '';
  let names = [...jobs].filter((n) => n.startsWith(opts.namePrefix)).sort();
  // Without an account no job ARN can be built: the tag listing is read again instead.
  if (!account) {
    const again = await jobsWithTags(clients.glue, owned);
    names = names.filter((n) => again.has(n));
  }
  const skipped = await applyJobWrites(
    clients.glue,
    names.map((name) => ({ name, action: 'delete' as const })),
    {
      arnOf: (name) => jobArn(opts.partition, opts.region, account, name),
      stillOurs: account ? (_name, tags) => ownershipOf(tags, owned) === 'ours' : undefined,
    },
  );
  for (const n of skipped) core.warning(`Glue job ${n} is no longer tagged as this pipeline's: left alone`);
  const result = await applySync(clients.s3, sync, { prune: true });
  await deleteSyncState(clients.s3, sync);
  return {
    jobs: names.filter((n) => !skipped.includes(n)),
    stateMachineArn: deletedArn,
    objects: result.deleted,
    ...(scheduleDeleted ? { scheduleGroup: groupName } : {}),
  };
}
