// The plan as JSON (output `plan-json`), for other tooling: every resource with its action and the
// names of the fields that change, as CloudFormation's deploy action gives a change set. Field names
// only, never values (values may be secrets). Unchanged S3 objects are only counted, and the changed
// ones are listed up to a bound, so the output stays far below the runner's 1 MiB output limit.
import { countPlan, type Plan } from '../plan/index.js';

export const PLAN_JSON_MAX_OBJECTS = 1000;

export interface PlanJsonResource {
  type: 'state-machine' | 'glue-job' | 'schedule' | 's3-object';
  /** Glue job or state machine name, or the S3 key under the prefix. */
  name: string;
  /** The manifest's job name, for Glue jobs. */
  job?: string;
  action: string;
  changedFields?: string[];
  /** Fields Glue has that the manifest does not declare: left as they are. */
  keptFields?: string[];
  /** Why (for S3 objects), or who owns it (for refused resources). */
  reason?: string;
  size?: number;
}

export interface PlanJson {
  version: 1;
  pipeline: string;
  changes: number;
  uploads: number;
  unchanged: number;
  prune: boolean;
  resources: PlanJsonResource[];
  /** Changed S3 objects left out of `resources` past the bound. */
  objectsNotListed: number;
}

export function planJson(plan: Plan, prune: boolean): PlanJson {
  const counts = countPlan(plan, prune);
  const sm = plan.stateMachine;
  const resources: PlanJsonResource[] = [
    {
      type: 'state-machine',
      name: sm.name,
      action: sm.action,
      changedFields: sm.fields,
      ...(sm.reason ? { reason: sm.reason } : {}),
    },
  ];
  for (const j of plan.jobs) {
    resources.push({
      type: 'glue-job',
      name: j.glueName,
      job: j.name,
      action: j.action,
      changedFields: j.fields,
      ...(j.kept?.length ? { keptFields: j.kept } : {}),
      ...(j.reason ? { reason: j.reason } : {}),
    });
  }
  // The schedule, when the manifest declares one or one is left over (as the plan table shows it).
  const sc = plan.schedule;
  if (sc && (sc.action !== 'unchanged' || sc.desired)) {
    resources.push({
      type: 'schedule',
      name: sc.groupName,
      action: sc.action === 'delete' && !prune ? 'keep' : sc.action,
      changedFields: sc.fields,
      ...(sc.reason ? { reason: sc.reason } : {}),
    });
  }
  const objects: PlanJsonResource[] = [];
  for (const f of plan.sync.files) {
    if (f.action === 'unchanged') continue;
    objects.push({
      type: 's3-object',
      name: f.key,
      action: f.action,
      size: f.size,
      ...(f.reason ? { reason: f.reason } : {}),
    });
  }
  for (const o of plan.sync.orphans) {
    objects.push({
      type: 's3-object',
      name: o.key,
      action: prune && o.deletable ? 'delete' : 'keep',
      reason: o.reason,
    });
  }
  resources.push(...objects.slice(0, PLAN_JSON_MAX_OBJECTS));
  return {
    version: 1,
    pipeline: plan.pipeline.stateMachineName,
    changes: counts.changes,
    uploads: counts.uploads,
    unchanged: counts.unchanged,
    prune,
    resources,
    objectsNotListed: Math.max(0, objects.length - PLAN_JSON_MAX_OBJECTS),
  };
}
