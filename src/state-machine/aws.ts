// The Step Functions calls: find the pipeline's state machine by name, then create or update it only
// where compare.ts finds a difference (definition, role, ownership tags). A CreateStateMachine retried
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
import { type ActualStateMachine, type DesiredStateMachine, stateMachineChanges } from './compare.js';

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

/** A state machine's tags, read again (destroy checks them right before deleting). */
export async function readStateMachineTags(sfn: SFNClient, arn: string): Promise<Record<string, string>> {
  const tags = await sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }));
  return Object.fromEntries((tags.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
}

export async function deleteStateMachine(sfn: SFNClient, arn: string): Promise<void> {
  await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
}
