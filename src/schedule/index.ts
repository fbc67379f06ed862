// The pipeline's EventBridge Scheduler schedule (manifest `schedule`): desired.ts decides,
// aws.ts reads and writes, expression.ts checks the expression.
export { applySchedule, deleteSchedule, readSchedule } from './aws.js';
export {
  type ActualSchedule,
  type DesiredSchedule,
  diffSchedule,
  isPreview,
  SCHEDULE_NAME,
  SCHEDULE_RETRY,
  type ScheduleAction,
  type ScheduleChange,
  scheduleChanges,
  scheduleGroupName,
} from './desired.js';
export { scheduleExpressionProblem } from './expression.js';
