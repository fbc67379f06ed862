// The pipeline's EventBridge Scheduler schedule: what the manifest asks for, what is compared with
// what GetSchedule returns, and the plan's decision. Pure; the calls are in aws.ts.
//
// Ownership: a schedule carries no tags in EventBridge Scheduler, its group does. Each pipeline
// gets its own schedule group (named after the state machine) tagged like every other resource,
// with one schedule in it; prune and destroy delete both, and only when the group's tags say ours.
import { canonicalJson } from '../order.js';
import { describeOwner, ownershipOf } from '../tags.js';

/** The one schedule in the pipeline's group. */
export const SCHEDULE_NAME = 'run';
const MAX_GROUP_NAME = 64;

/** Retries of a failed StartExecution: a few, within the hour (not EventBridge's default of a day). */
export const SCHEDULE_RETRY = { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 5 } as const;

/**
 * The schedule group's name: the state machine's when it fits (1-64 of [0-9A-Za-z_.-]); else other
 * characters become "_" and a long name keeps its start (the name-prefix, which IAM policies match)
 * plus a hash of the whole name.
 */
export function scheduleGroupName(stateMachineName: string): string {
  const safe = stateMachineName.replace(/[^0-9A-Za-z_.-]/g, '_');
  if (safe === stateMachineName && safe.length <= MAX_GROUP_NAME) return safe;
  return `${safe.slice(0, MAX_GROUP_NAME - 9)}-${hash8(stateMachineName)}`;
}

/**
 * Previews (pull requests) get no schedule unless asked: a deploy is a preview when its name-prefix
 * is "pr" and a digit (pr12-, as the preview workflow names them) or its prefix is under previews/.
 */
export function isPreview(namePrefix: string, prefix: string): boolean {
  return /^pr[0-9]/.test(namePrefix) || prefix.startsWith('previews/');
}

export interface DesiredSchedule {
  groupName: string;
  name: string;
  expression: string;
  /** JSON text: the execution input. */
  input: string;
  /** Role EventBridge Scheduler assumes; empty in plan mode when not given (then not compared). */
  roleArn: string;
  /** The state machine's ARN; empty when not known yet (plan mode without an account, first deploy). */
  targetArn: string;
  tags: Record<string, string>;
}

export interface ActualSchedule {
  groupArn: string;
  groupTags: Record<string, string>;
  /** Absent when the group exists without our schedule. */
  schedule?: {
    expression: string;
    timezone?: string;
    state?: string;
    flexibleWindow?: string;
    targetArn: string;
    roleArn: string;
    input?: string;
    retry?: { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number };
  };
}

export type ScheduleAction =
  | 'create'
  | 'update'
  | 'unchanged'
  | 'delete'
  /** Declared no more, prune off: left as it is. */
  | 'keep'
  /** Declared, but this deploy is a preview. */
  | 'skip'
  | 'adopt'
  | 'refuse';

export interface ScheduleChange {
  groupName: string;
  action: ScheduleAction;
  fields: string[];
  desired?: DesiredSchedule;
  actual?: ActualSchedule;
  reason?: string;
}

/** Fields that differ between the desired schedule and the one read back. */
export function scheduleChanges(desired: DesiredSchedule, actual: ActualSchedule): string[] {
  const s = actual.schedule;
  if (!s) return ['schedule'];
  const changed: string[] = [];
  if (s.expression !== desired.expression) changed.push('ScheduleExpression');
  if ((s.timezone ?? 'UTC') !== 'UTC') changed.push('ScheduleExpressionTimezone');
  if ((s.state ?? 'ENABLED') !== 'ENABLED') changed.push('State');
  if ((s.flexibleWindow ?? 'OFF') !== 'OFF') changed.push('FlexibleTimeWindow');
  if (desired.targetArn !== '' && s.targetArn !== desired.targetArn) changed.push('Target.Arn');
  if (desired.roleArn !== '' && s.roleArn !== desired.roleArn) changed.push('Target.RoleArn');
  if (canonicalJson(s.input ?? '{}') !== canonicalJson(desired.input)) changed.push('Target.Input');
  if (
    s.retry?.MaximumEventAgeInSeconds !== SCHEDULE_RETRY.MaximumEventAgeInSeconds ||
    s.retry?.MaximumRetryAttempts !== SCHEDULE_RETRY.MaximumRetryAttempts
  )
    changed.push('Target.RetryPolicy');
  if (Object.entries(desired.tags).some(([k, v]) => actual.groupTags[k] !== v)) changed.push('Tags');
  return changed;
}

/**
 * The plan's decision. `desired` is undefined when the manifest declares no schedule (or the deploy
 * is a preview: `skipped`); `ours` are the ownership tags every resource of this pipeline carries.
 */
export function diffSchedule(
  groupName: string,
  desired: DesiredSchedule | undefined,
  actual: ActualSchedule | undefined,
  opts: { prune: boolean; ours: Record<string, string>; skipped: boolean },
): ScheduleChange {
  const base = { groupName, desired, actual };
  const owner = actual ? ownershipOf(actual.groupTags, opts.ours) : undefined;
  if (!desired) {
    if (opts.skipped && !(actual && owner === 'ours')) return { ...base, action: 'skip', fields: [] };
    if (!actual || owner !== 'ours') return { ...base, action: 'unchanged', fields: [] };
    return { ...base, action: opts.prune ? 'delete' : 'keep', fields: [] };
  }
  if (!actual) return { ...base, action: 'create', fields: [] };
  if (owner === 'foreign')
    return { ...base, action: 'refuse', fields: [], reason: describeOwner(actual.groupTags) };
  const fields = scheduleChanges(desired, actual);
  if (owner === 'unowned') return { ...base, action: 'adopt', fields };
  if (!actual.schedule) return { ...base, action: 'create', fields: [] };
  return { ...base, action: fields.length > 0 ? 'update' : 'unchanged', fields };
}

/** FNV-1a, 32 bits, as 8 hex digits. */
function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
