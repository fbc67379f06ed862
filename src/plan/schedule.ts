// The schedule's part of the plan: the desired schedule (when declared and not skipped), the one
// EventBridge Scheduler has, and the decision (schedule/desired.ts).
import type { Pipeline } from '../model.js';
import {
  type DesiredSchedule,
  diffSchedule,
  readSchedule,
  SCHEDULE_NAME,
  type ScheduleChange,
  scheduleGroupName,
} from '../schedule/index.js';
import { ownershipTags } from '../tags.js';
import type { PlanOptions } from './index.js';

export async function planSchedule(
  pipeline: Pipeline,
  opts: Pick<PlanOptions, 'clients' | 'location' | 'prune' | 'region' | 'account' | 'partition' | 'schedule'>,
  tags: Record<string, string>,
  /** Resolves to true when the state object says no deploy left a schedule group. */
  recordedNone: Promise<boolean>,
): Promise<ScheduleChange> {
  const groupName = scheduleGroupName(pipeline.stateMachineName);
  const skipped = opts.schedule?.skipped ?? false;
  // Without a schedule to deploy, Scheduler is only read for one an earlier deploy may have left.
  const wanted = pipeline.schedule !== undefined && !skipped;
  const actual =
    wanted || !(await recordedNone) ? await readSchedule(opts.clients.scheduler, groupName) : undefined;
  const declared = pipeline.schedule && !skipped ? pipeline.schedule : undefined;
  const desired: DesiredSchedule | undefined = declared && {
    groupName,
    name: SCHEDULE_NAME,
    expression: declared.expression,
    input: declared.input,
    roleArn: opts.schedule?.roleArn ?? '',
    // Known before the state machine exists when the account is (deploy mode); apply uses the real one.
    targetArn: opts.account
      ? `arn:${opts.partition}:states:${opts.region}:${opts.account}:stateMachine:${pipeline.stateMachineName}`
      : '',
    tags,
  };
  return diffSchedule(groupName, desired, actual, {
    prune: opts.prune,
    ours: ownershipTags(pipeline.stateMachineName, opts.location),
    skipped: skipped && pipeline.schedule !== undefined,
  });
}
