// For integration tests that execute a generated state machine on the emulator: create the Glue jobs
// of a graph (name-prefixed) and the state machine built for them, then run it to its end.
import { CreateJobCommand, GlueClient } from '@aws-sdk/client-glue';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { GraphNode } from '../../src/model.js';
import { type AslDefinition, buildDefinition, serializeDefinition } from '../../src/state-machine/asl.js';
import { clientConfig, EMULATOR_ACCOUNT_ID, uniqueSuffix } from './emulator.js';

const glue = new GlueClient(clientConfig());
const sfn = new SFNClient(clientConfig());
export const TEST_ROLE = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/test`;

export interface DeployGraphOptions {
  /** Prefix of the job and state machine names (a unique suffix is added). */
  prefix: string;
  defaultArguments?: Record<string, string>;
  /** Changes the built definition before it is created (e.g. adds notifications). */
  wrap?: (definition: AslDefinition, graph: GraphNode[], stateMachineName: string) => AslDefinition;
}

export async function deployGraph(
  nodes: Omit<GraphNode, 'glueName'>[],
  opts: DeployGraphOptions,
): Promise<{ arn: string; prefix: string }> {
  const prefix = `${opts.prefix}${uniqueSuffix()}-`;
  const graph = nodes.map((n) => ({ ...n, glueName: `${prefix}${n.name}` }));
  for (const n of graph) {
    await glue.send(
      new CreateJobCommand({
        Name: n.glueName,
        Role: TEST_ROLE,
        Command: { Name: 'glueetl', ScriptLocation: 's3://b/a.py' },
        ...(opts.defaultArguments ? { DefaultArguments: opts.defaultArguments } : {}),
      }),
    );
  }
  const built = buildDefinition(graph);
  const out = await sfn.send(
    new CreateStateMachineCommand({
      name: `${prefix}sm`,
      definition: serializeDefinition(opts.wrap ? opts.wrap(built, graph, `${prefix}sm`) : built),
      roleArn: TEST_ROLE,
    }),
  );
  return { arn: out.stateMachineArn!, prefix };
}

/** Starts an execution and waits for its end (or the timeout); its whole history comes along. */
export async function executeToEnd(
  stateMachineArn: string,
  input: unknown = {},
  timeoutMs = 60_000,
): Promise<DescribeExecutionCommandOutput & { events: HistoryEvent[] }> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn,
      name: `ex-${uniqueSuffix()}`,
      input: JSON.stringify(input),
    }),
  );
  const deadline = Date.now() + timeoutMs;
  let d: DescribeExecutionCommandOutput;
  do {
    await new Promise((r) => setTimeout(r, 150));
    d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
  } while (d.status === 'RUNNING' && Date.now() < deadline);
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return { ...d, events };
}
