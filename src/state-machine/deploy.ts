// The Step Functions calls: find the pipeline's state machine by name, compare definition, role and
// ownership tags, then create or update it only when something differs. A CreateStateMachine retried
// after its first attempt was applied answers StateMachineAlreadyExists (AWS) or returns the same ARN
// (same definition): both converge to the same state.
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  type SFNClient,
  TagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';

export interface ActualStateMachine {
  arn: string;
  definition: string;
  roleArn: string;
  tags: Record<string, string>;
}

export async function findStateMachineArn(sfn: SFNClient, name: string): Promise<string | undefined> {
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    const hit = page.stateMachines?.find((s) => s.name === name);
    if (hit) return hit.stateMachineArn;
    nextToken = page.nextToken;
  } while (nextToken);
  return undefined;
}

export async function readStateMachine(
  sfn: SFNClient,
  name: string,
): Promise<ActualStateMachine | undefined> {
  const arn = await findStateMachineArn(sfn, name);
  if (!arn) return undefined;
  const [desc, tags] = await Promise.all([
    sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    sfn.send(new ListTagsForResourceCommand({ resourceArn: arn })),
  ]);
  return {
    arn,
    definition: desc.definition ?? '',
    roleArn: desc.roleArn ?? '',
    tags: Object.fromEntries((tags.tags ?? []).map((t) => [t.key ?? '', t.value ?? ''])),
  };
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
  if (canonical(desired.definition) !== canonical(actual.definition)) changed.push('definition');
  if (desired.roleArn !== '' && desired.roleArn !== actual.roleArn) changed.push('roleArn');
  if (Object.entries(desired.tags).some(([k, v]) => actual.tags[k] !== v)) changed.push('tags');
  return changed;
}

export async function applyStateMachine(
  sfn: SFNClient,
  desired: DesiredStateMachine,
  actual: ActualStateMachine | undefined,
  changes: string[],
): Promise<string> {
  const tagList = Object.entries(desired.tags).map(([key, value]) => ({ key, value }));
  if (!actual) {
    try {
      const created = await sfn.send(
        new CreateStateMachineCommand({
          name: desired.name,
          definition: desired.definition,
          roleArn: desired.roleArn,
          type: 'STANDARD',
          tags: tagList,
        }),
      );
      return created.stateMachineArn!;
    } catch (e) {
      if ((e as Error).name !== 'StateMachineAlreadyExists') throw e;
      const existing = await readStateMachine(sfn, desired.name);
      if (!existing) throw e;
      return applyStateMachine(sfn, desired, existing, stateMachineChanges(desired, existing));
    }
  }
  if (changes.includes('definition') || changes.includes('roleArn')) {
    await sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: actual.arn,
        definition: desired.definition,
        roleArn: desired.roleArn,
      }),
    );
  }
  if (changes.includes('tags')) {
    await sfn.send(new TagResourceCommand({ resourceArn: actual.arn, tags: tagList }));
  }
  return actual.arn;
}

export async function deleteStateMachine(sfn: SFNClient, arn: string): Promise<void> {
  await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
}

function canonical(json: string): string {
  try {
    return JSON.stringify(sortDeep(JSON.parse(json)));
  } catch {
    return json;
  }
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, sortDeep(x)]),
    );
  }
  return v;
}
