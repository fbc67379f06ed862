// Apply a computed plan, in an order where a failure half-way leaves nothing broken: objects first
// (scripts and libs exist before any job points at them), then jobs, then the state machine that
// starts them, then pruning. Each step writes only what the plan says differs.
import * as core from '@actions/core';
import type { Clients } from '../aws/clients.js';
import { applyJobWrites, type JobWrite } from '../glue/aws.js';
import type { Plan } from '../plan/index.js';
import { applySync } from '../s3-sync/index.js';
import { applyStateMachine } from '../state-machine/aws.js';

export interface ApplyResult {
  uploaded: number;
  unchanged: number;
  deletedFiles: number;
  stateMachineArn: string;
}

export async function applyPlan(
  plan: Plan,
  clients: Clients,
  opts: { region: string; account: string; prune: boolean },
): Promise<ApplyResult> {
  const sync = await applySync(clients.s3, plan.sync, {
    prune: opts.prune,
    onProgress: (p) => {
      if (p.done === p.total || p.done % 500 === 0) core.info(`  s3: ${p.done}/${p.total} ${p.action}s done`);
    },
  });

  const writes: JobWrite[] = plan.jobs
    .filter((j) => j.action !== 'unchanged' && (opts.prune || j.action !== 'delete'))
    .map((j) => ({ name: j.glueName, action: j.action as JobWrite['action'], definition: j.definition }));
  // Deletions wait until the new state machine no longer references the pruned jobs.
  const upserts = writes.filter((w) => w.action !== 'delete');
  const deletes = writes.filter((w) => w.action === 'delete');
  await applyJobWrites(clients.glue, upserts, {
    tags: plan.tags,
    region: opts.region,
    account: opts.account,
  });

  const sm = plan.stateMachine;
  const stateMachineArn =
    sm.action === 'unchanged' && sm.actual
      ? sm.actual.arn
      : await applyStateMachine(clients.sfn, sm.desired, sm.actual, sm.fields);

  await applyJobWrites(clients.glue, deletes, {
    tags: plan.tags,
    region: opts.region,
    account: opts.account,
  });
  return { uploaded: sync.uploaded, unchanged: sync.unchanged, deletedFiles: sync.deleted, stateMachineArn };
}
