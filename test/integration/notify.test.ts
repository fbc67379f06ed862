// Failure and success notifications, executed by the emulator: the state machine built with
// withNotifications publishes to an SNS topic; an SQS queue subscribed to the topic reads the
// messages back (moto delivers SNS → SQS in process).
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../src/model.js';
import { withNotifications } from '../../src/state-machine/notify.js';
import {
  clientConfig,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  emulatorControl,
  uniqueSuffix,
} from '../helpers/emulator.js';
import { deployGraph, executeToEnd } from '../helpers/graph-execution.js';

const sns = new SNSClient(clientConfig());
const sqs = new SQSClient(clientConfig());
const control = emulatorControl();

/** A topic with a queue subscribed to it (raw delivery: the queue holds the message itself). */
async function topicWithQueue(): Promise<{ topicArn: string; read: () => Promise<string[]> }> {
  const name = `notify-${uniqueSuffix()}`;
  const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(
    new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: attrs.Attributes!.QueueArn!,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  const read = async () => {
    const bodies: string[] = [];
    for (;;) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      if (!r.Messages?.length) return bodies;
      bodies.push(...r.Messages.map((m) => m.Body ?? ''));
    }
  };
  return { topicArn: TopicArn!, read };
}

async function deploy(
  nodes: Omit<GraphNode, 'glueName'>[],
  topics: { onFailure?: string; onSuccess?: string },
): Promise<{ arn: string; prefix: string }> {
  return deployGraph(nodes, {
    prefix: 'ntf',
    wrap: (definition, graph, stateMachineName) =>
      withNotifications(definition, {
        pipeline: stateMachineName,
        ...topics,
        partition: 'aws',
        region: EMULATOR_REGION,
        jobNames: new Map(graph.map((n) => [n.glueName, n.name])),
      }),
  });
}

const execute = (stateMachineArn: string) => executeToEnd(stateMachineArn);

// A graph that is not a single chain: the failing job runs inside nested Parallel branches.
const GRAPH = [
  { name: 'extract', dependsOn: [] },
  { name: 'clean', dependsOn: ['extract'] },
  { name: 'load-a', dependsOn: ['clean'] },
  { name: 'load-b', dependsOn: ['extract'] },
  { name: 'report', dependsOn: ['load-a', 'load-b'] },
];

describe('notifications (the emulator executes the state machine)', () => {
  it('a failed job inside a Parallel publishes exactly one message naming it, and the execution still fails', async () => {
    const failure = await topicWithQueue();
    const success = await topicWithQueue();
    const sm = await deploy(GRAPH, { onFailure: failure.topicArn, onSuccess: success.topicArn });
    await control.setJobBehaviour({
      jobName: `${sm.prefix}load-a`,
      state: 'FAILED',
      errorMessage: 'AnalysisException: table compras not found',
    });
    const d = await execute(sm.arn);
    expect(d.status).toBe('FAILED');
    // The execution ends with the job's own error and cause (the JobRun), as without notifications.
    expect(d.error).toBe('States.TaskFailed');
    expect(JSON.parse(d.cause!).ErrorMessage).toBe('AnalysisException: table compras not found');

    const messages = await failure.read();
    expect(messages).toHaveLength(1);
    const m = JSON.parse(messages[0]!);
    expect(m).toMatchObject({
      pipeline: `${sm.prefix}sm`,
      job: 'load-a',
      glueJob: `${sm.prefix}load-a`,
      error: 'States.TaskFailed',
      errorMessage: 'AnalysisException: table compras not found',
      execution: d.executionArn,
    });
    expect(m.runId).toMatch(/^jr_/);
    expect(m.console).toBe(
      `https://${EMULATOR_REGION}.console.aws.amazon.com/states/home?region=${EMULATOR_REGION}#/v2/executions/details/${d.executionArn}`,
    );
    expect(await success.read()).toEqual([]);
  });

  it('a failed job at the top level publishes one message too; a success publishes on-success only', async () => {
    const failure = await topicWithQueue();
    const success = await topicWithQueue();
    const sm = await deploy(
      [
        { name: 'first', dependsOn: [] },
        { name: 'second', dependsOn: ['first'] },
      ],
      { onFailure: failure.topicArn, onSuccess: success.topicArn },
    );
    const ok = await execute(sm.arn);
    expect(ok.status, ok.cause).toBe('SUCCEEDED');
    expect(await failure.read()).toEqual([]);
    const done = (await success.read()).map((b) => JSON.parse(b));
    expect(done).toEqual([
      expect.objectContaining({
        pipeline: `${sm.prefix}sm`,
        status: 'SUCCEEDED',
        execution: ok.executionArn,
      }),
    ]);

    await control.setJobBehaviour({
      jobName: `${sm.prefix}second`,
      state: 'TIMEOUT',
      errorMessage: 'ran out',
    });
    const d = await execute(sm.arn);
    expect(d.status).toBe('FAILED');
    const messages = (await failure.read()).map((b) => JSON.parse(b));
    expect(messages).toEqual([expect.objectContaining({ job: 'second', errorMessage: 'ran out' })]);
    expect(await success.read()).toEqual([]);
  });

  it('a notification that cannot be sent leaves the execution failing with the job error', async () => {
    const sm = await deploy([{ name: 'only', dependsOn: [] }], {
      onFailure: `arn:aws:sns:${EMULATOR_REGION}:${EMULATOR_ACCOUNT_ID}:no-such-topic-${uniqueSuffix()}`,
    });
    await control.setJobBehaviour({ jobName: `${sm.prefix}only`, state: 'FAILED', errorMessage: 'boom' });
    const d = await execute(sm.arn);
    expect(d.status).toBe('FAILED');
    expect(d.error).toBe('States.TaskFailed');
    expect(JSON.parse(d.cause!).ErrorMessage).toBe('boom');
  });
});
