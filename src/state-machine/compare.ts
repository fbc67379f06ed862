// What the plan compares for the state machine: the desired one (built from the manifest) against
// the one Step Functions describes. Pure: the calls are in aws.ts.
import { canonicalJson } from '../order.js';

export interface ActualStateMachine {
  arn: string;
  definition: string;
  roleArn: string;
  tags: Record<string, string>;
}

export interface DesiredStateMachine {
  name: string;
  definition: string;
  /** Empty in plan mode when not given: then the role is not compared. */
  roleArn: string;
  tags: Record<string, string>;
}

/** Fields that differ: definition (compared as JSON, not text), roleArn, tags (missing or different). */
export function stateMachineChanges(desired: DesiredStateMachine, actual: ActualStateMachine): string[] {
  const changed: string[] = [];
  if (canonicalJson(desired.definition) !== canonicalJson(actual.definition)) changed.push('definition');
  if (desired.roleArn !== '' && desired.roleArn !== actual.roleArn) changed.push('roleArn');
  if (Object.entries(desired.tags).some(([k, v]) => actual.tags[k] !== v)) changed.push('tags');
  return changed;
}
