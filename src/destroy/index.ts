// mode: destroy — delete what this pipeline owns at this location, and nothing else: jobs that carry
// both ownership tags, the state machine when its tags say it is ours, and the S3 objects the sync
// state records as uploaded by this pipeline (then the state object). Data written by the jobs
// themselves (databases/, work_files/) is not the action's to delete.
import * as core from '@actions/core';
import type { Clients } from '../aws/clients.js';
import { applyJobWrites, jobsWithTags } from '../glue/aws.js';
import type { ArtifactLocation } from '../location.js';
import { applySync, deleteSyncState, planSync } from '../s3-sync/index.js';
import { deleteStateMachine, readStateMachine } from '../state-machine/aws.js';
import { ownershipTags } from '../tags.js';

export interface DestroyResult {
  jobs: string[];
  stateMachineArn?: string;
  objects: number;
}

export interface DestroyOptions {
  stateMachineName: string;
  location: ArtifactLocation;
  region: string;
  account: string;
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
  // The state machine first: nothing may start a job while its jobs are being deleted.
  const ours = sm && Object.entries(owned).every(([k, v]) => sm.tags[k] === v);
  if (sm && !ours) core.warning(`state machine ${sm.arn} is not tagged as this pipeline's: left alone`);
  if (sm && ours) await deleteStateMachine(clients.sfn, sm.arn);

  const names = [...jobs].sort();
  await applyJobWrites(
    clients.glue,
    names.map((name) => ({ name, action: 'delete' as const })),
    { tags: owned, region: opts.region, account: opts.account },
  );
  const result = await applySync(clients.s3, sync, { prune: true });
  await deleteSyncState(clients.s3, sync);
  return { jobs: names, stateMachineArn: ours ? sm.arn : undefined, objects: result.deleted };
}
