// The reads mode sweep needs: every state machine (name, ARN) and its tags. Previews are found by
// their state machine's tags; the rest of a preview is then found like any destroy finds it.
import { ListStateMachinesCommand, ListTagsForResourceCommand, type SFNClient } from '@aws-sdk/client-sfn';
import pLimit from 'p-limit';

export interface TaggedStateMachine {
  name: string;
  arn: string;
  tags: Record<string, string>;
}

/** State machines whose name starts with `namePrefix`, with their tags (a few tag reads in flight). */
export async function stateMachinesWithTags(
  sfn: SFNClient,
  namePrefix: string,
): Promise<TaggedStateMachine[]> {
  const found: { name: string; arn: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    for (const s of page.stateMachines ?? []) {
      if (s.name && s.stateMachineArn && s.name.startsWith(namePrefix))
        found.push({ name: s.name, arn: s.stateMachineArn });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  const limit = pLimit(4);
  return Promise.all(
    found.map((s) =>
      limit(async () => {
        try {
          const r = await sfn.send(new ListTagsForResourceCommand({ resourceArn: s.arn }));
          return { ...s, tags: Object.fromEntries((r.tags ?? []).map((t) => [t.key ?? '', t.value ?? ''])) };
        } catch (e) {
          // Deleted since the listing (e.g. by its pull request's teardown): nothing to sweep.
          if ((e as Error).name === 'ResourceNotFound') return undefined;
          throw e;
        }
      }),
    ),
  ).then((all) => all.filter((s): s is TaggedStateMachine => s !== undefined));
}
