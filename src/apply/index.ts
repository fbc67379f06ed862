// Apply a computed plan, in an order where a failure half-way leaves nothing broken: objects first
// (scripts and libs exist before any job points at them), then jobs (tags written with each create or
// update), then the state machine that starts them, then pruning. Each step writes only what the plan
// says differs. The fields each job declares are recorded in the state object: before the job writes
// as the union with the previous record (a failed update must not forget a field to reset), and
// exactly once the jobs are written.
import * as core from '@actions/core';
import type { Clients } from '../aws/clients.js';
import { applyJobWrites, type JobWrite, jobArn, type LeftAlone } from '../glue/aws.js';
import type { JobChange, Plan } from '../plan/index.js';
import { applySync, recordDeploy, type SyncState } from '../s3-sync/index.js';
import { applySchedule, deleteSchedule } from '../schedule/index.js';
import { applyStateMachine } from '../state-machine/aws.js';
import { notOursReason, ownershipOf } from '../tags.js';

export interface ApplyResult {
  uploaded: number;
  unchanged: number;
  deletedFiles: number;
  stateMachineArn: string;
  /** Pruned jobs left alone because their tags or name no longer said they were ours, and why. */
  skippedDeletes: LeftAlone[];
  /** The state object as the deploy left it. */
  state: SyncState;
}

export interface ApplyOptions {
  region: string;
  account: string;
  partition: string;
  prune: boolean;
  namePrefix: string;
}

export async function applyPlan(plan: Plan, clients: Clients, opts: ApplyOptions): Promise<ApplyResult> {
  const previous = plan.sync.state.jobs ?? {};
  const declared = plan.jobs.filter((j) => j.declared !== undefined && j.action !== 'refuse');
  const finalRecord = Object.fromEntries(declared.map((j) => [j.glueName, j.declared!]));
  const unionRecord = Object.fromEntries(
    declared.map((j) => [j.glueName, [...new Set([...(previous[j.glueName] ?? []), ...j.declared!])].sort()]),
  );
  // The schedule group is recorded like the fields: as "may exist" before the writes, exactly after.
  const sc = plan.schedule;
  const sync = await applySync(clients.s3, plan.sync, {
    prune: opts.prune,
    jobs: unionRecord,
    scheduleGroup: sc.desired || sc.actual ? sc.groupName : (plan.sync.state.scheduleGroup ?? null),
    onProgress: (p) => {
      if (p.done === p.total || p.done % 500 === 0) core.info(`  s3: ${p.done}/${p.total} ${p.action}s done`);
    },
  });

  const arnOf = (name: string) => jobArn(opts.partition, opts.region, opts.account, name);
  const upserts = plan.jobs.map(toWrite).filter((w): w is JobWrite => w !== undefined);
  await applyJobWrites(clients.glue, upserts, { arnOf });

  const sm = plan.stateMachine;
  const stateMachineArn =
    sm.action === 'unchanged' && sm.actual
      ? sm.actual.arn
      : await applyStateMachine(clients.sfn, sm.desired, sm.actual, sm.fields);

  // The schedule targets the state machine: written once it exists (with its real ARN).
  let scheduleLeft = sc.actual !== undefined && sc.action !== 'skip';
  if (sc.desired && (sc.action === 'create' || sc.action === 'update' || sc.action === 'adopt')) {
    await applySchedule(
      clients.scheduler,
      { ...sc.desired, targetArn: stateMachineArn },
      sc.actual,
      sc.fields,
    );
    scheduleLeft = true;
  } else if (sc.action === 'delete' && opts.prune) {
    const deleted = await deleteSchedule(
      clients.scheduler,
      sc.groupName,
      (tags) => ownershipOf(tags, plan.tags) === 'ours',
    );
    if (!deleted)
      core.warning(`schedule group ${sc.groupName} is no longer tagged as this pipeline's: left alone`);
    scheduleLeft = false;
  }

  // Deletions wait until the new state machine no longer references the pruned jobs, and re-read
  // each job's tags (and check its name) right before deleting it.
  const deletes: JobWrite[] = opts.prune
    ? plan.jobs.filter((j) => j.action === 'delete').map((j) => ({ name: j.glueName, action: 'delete' }))
    : [];
  const skippedDeletes = await applyJobWrites(clients.glue, deletes, {
    arnOf,
    whyNotOurs: (name, tags) =>
      name.startsWith(opts.namePrefix)
        ? notOursReason(tags, plan.tags)
        : `its name does not start with the name-prefix ${opts.namePrefix}`,
  });
  for (const s of skippedDeletes) core.warning(`Glue job ${s.name} not pruned: ${s.reason}`);
  const state = await recordDeploy(clients.s3, plan.sync, sync.state, {
    jobs: finalRecord,
    scheduleGroup: scheduleLeft ? sc.groupName : null,
  });
  return {
    uploaded: sync.uploaded,
    unchanged: sync.unchanged,
    deletedFiles: sync.deleted,
    stateMachineArn,
    skippedDeletes,
    state,
  };
}

function toWrite(j: JobChange): JobWrite | undefined {
  switch (j.action) {
    case 'create':
      return { name: j.glueName, action: 'create', definition: j.definition, tags: j.tags };
    case 'update':
    case 'adopt':
      return { name: j.glueName, action: 'update', definition: j.definition, tags: j.tags, fields: j.fields };
    case 'tag':
      return { name: j.glueName, action: 'tag', tags: j.tags };
    default:
      return undefined;
  }
}
