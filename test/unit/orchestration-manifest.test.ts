// Manifest `notify`, `schedule` and `schedule-input`: the notifications' ASL (valid, deterministic,
// unchanged without topics, names that never collide), the expression checks, and bad input located
// at its file:line.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors.js';
import { loadPipeline } from '../../src/manifest/index.js';
import { pipelineInputErrors } from '../../src/manifest/input-checks.js';
import { scheduleExpressionProblem } from '../../src/schedule/expression.js';
import { buildDefinition, serializeDefinition } from '../../src/state-machine/asl.js';
import { withNotifications } from '../../src/state-machine/notify.js';
import { node } from '../helpers/state-machine.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:pipeline-alerts';
const GRAPH = [
  node('extract'),
  node('clean', ['extract']),
  node('load-a', ['clean']),
  node('load-b', ['extract']),
  node('report', ['load-a', 'load-b']),
];
const notifyOpts = (topics: { onFailure?: string; onSuccess?: string }) => ({
  pipeline: 'dev-compras',
  ...topics,
  partition: 'aws',
  region: 'eu-west-1',
  jobNames: new Map(GRAPH.map((n) => [n.glueName, n.name])),
});

describe('notifications in the definition', () => {
  it('leaves the definition untouched without topics', () => {
    const plain = buildDefinition(GRAPH);
    expect(withNotifications(plain, notifyOpts({}))).toBe(plain);
  });

  it('is valid ASL, byte-identical for the same inputs, with a catch on every job and top-level Parallel', () => {
    const build = () =>
      serializeDefinition(
        withNotifications(buildDefinition(GRAPH), notifyOpts({ onFailure: TOPIC, onSuccess: TOPIC })),
      );
    const text = build();
    expect(build()).toBe(text);
    const result = validator(JSON.parse(text));
    expect(result.errorsText(), 'asl-validator').toBe('');
    expect(result.isValid).toBe(true);
    const def = JSON.parse(text);
    const tasks: { name: string; state: Record<string, unknown>; top: boolean }[] = [];
    const walk = (states: Record<string, Record<string, unknown>>, top: boolean) => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Task') tasks.push({ name, state, top });
        if (state.Type === 'Parallel') {
          if (top)
            expect(state.Catch, name).toEqual([expect.objectContaining({ Next: 'Failure_from_branch' })]);
          for (const b of state.Branches as { States: Record<string, Record<string, unknown>> }[])
            walk(b.States, false);
        }
      }
    };
    walk(def.States, true);
    const jobs = tasks.filter((t) => (t.state.Parameters as Record<string, unknown>).JobName);
    expect(jobs).toHaveLength(GRAPH.length);
    for (const t of jobs) expect(t.state.Catch, t.name).toHaveLength(1);
    const publishes = tasks.filter((t) => t.state.Resource === 'arn:aws:states:::sns:publish');
    expect(publishes.map((t) => t.name).sort()).toEqual(['Notify_failure', 'Notify_success']);
    expect(publishes.every((t) => t.top)).toBe(true);
    expect(def.States.Failed).toEqual({
      Type: 'Fail',
      ErrorPath: '$.failure.error',
      CausePath: '$.failure.cause',
    });
  });

  it('uses the partition for the SNS resource, and never reuses a job’s state name', () => {
    const graph = [node('Failed'), node('Notify_failure', ['Failed'])];
    const def = withNotifications(buildDefinition(graph, { partition: 'aws-cn' }), {
      ...notifyOpts({ onFailure: 'arn:aws-cn:sns:cn-north-1:123456789012:t' }),
      partition: 'aws-cn',
      region: 'cn-north-1',
    });
    const text = serializeDefinition(def);
    expect(text).toContain('"arn:aws-cn:states:::sns:publish"');
    expect(text).toContain('https://console.amazonaws.cn/states/home?region=cn-north-1');
    expect(def.States.Failed!.Type).toBe('Task');
    expect(def.States.Failed_2!.Type).toBe('Fail');
    expect(validator(JSON.parse(text)).isValid).toBe(true);
  });
});

describe('schedule expressions', () => {
  it('accepts the cron and rate forms EventBridge Scheduler takes', () => {
    for (const ok of [
      'cron(0 3 * * ? *)',
      'cron(15 10 ? * MON-FRI *)',
      'cron(0/15 * * * ? *)',
      'cron(0 8 1,15 * ? 2026-2030)',
      'cron(0 12 L * ? *)',
      'cron(0 12 ? * 6#3 *)',
      'cron(0 12 ? JAN,JUL 2L *)',
      'rate(1 day)',
      'rate(5 minutes)',
      'rate(12 hours)',
    ]) {
      expect(scheduleExpressionProblem(ok), ok).toBeUndefined();
    }
  });

  it('names what is wrong with the others', () => {
    const cases: [string, RegExp][] = [
      ['cron(0 3 * * *)', /6 fields/],
      ['cron(0 3 * * * *)', /exactly one of day-of-month and day-of-week/],
      ['cron(0 3 ? * ? *)', /exactly one of/],
      ['cron(60 3 * * ? *)', /minutes "60": 60 is outside 0-59/],
      ['cron(0 24 * * ? *)', /hours "24"/],
      ['cron(0 3 * 13 ? *)', /month "13"/],
      ['cron(0 3 ? * FUNDAY *)', /day-of-week "FUNDAY"/],
      ['cron(0 3 * * ? 1900)', /year "1900"/],
      ['cron(0 3 ? * 2#6 *)', /"#" takes 1 to 5/],
      ['rate(1 days)', /rate\(1 day\)/],
      ['rate(2 day)', /rate\(2 days\)/],
      ['rate(0 minutes)', /at least 1/],
      ['rate(1 week)', /rate\(<number>/],
      ['every day', /use cron/],
      ['0 3 * * *', /use cron/],
    ];
    for (const [expr, problem] of cases) expect(scheduleExpressionProblem(expr), expr).toMatch(problem);
  });
});

// --- the manifest -------------------------------------------------------------------------------

function repo(manifest: string): string {
  const root = mkdtempSync(join(tmpdir(), 'orch-manifest-'));
  mkdirSync(join(root, 'glue-jobs'));
  for (const s of ['a.py', 'b.py']) writeFileSync(join(root, 'glue-jobs', s), 'print(1)\n');
  writeFileSync(join(root, 'glue-jobs', 'pipeline.yml'), manifest);
  return root;
}

const load = (manifest: string) => {
  const root = repo(manifest);
  return {
    root,
    pipeline: () =>
      loadPipeline('glue-jobs/pipeline.yml', {
        root,
        jobsDir: 'glue-jobs',
        namePrefix: 'dev-',
        defaultName: 'repo',
        inputDefaults: { glueVersion: '5.0', workerType: 'G.1X', numberOfWorkers: 2, arguments: {} },
        placeholders: {
          bucket: 'b',
          prefix: '',
          region: 'eu-west-1',
          'name-prefix': 'dev-',
          account: undefined,
        },
      }),
  };
};

function errorsOf(fn: () => unknown): { message: string; line?: number; fix?: string }[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputErrors)
      return e.errors.map((x) => ({ message: x.message, line: x.location.line, fix: x.fix }));
    throw e;
  }
  throw new Error('expected input errors');
}

const JOBS = 'jobs:\n  a:\n  b:\n    depends-on: [a]\n';

describe('notify and schedule in the manifest', () => {
  it('reads them, with their lines', () => {
    const p = load(
      `name: compras\nnotify:\n  on-failure: ${TOPIC}\nschedule: "cron(0 3 * * ? *)"\nschedule-input:\n  arguments: {"--RUN_DATE": "today"}\n${JOBS}`,
    ).pipeline();
    expect(p.notify).toEqual({
      onFailure: TOPIC,
      onSuccess: undefined,
      lines: { onFailure: 3, onSuccess: undefined },
    });
    expect(p.schedule).toEqual({
      expression: 'cron(0 3 * * ? *)',
      input: '{"arguments":{"--RUN_DATE":"today"}}',
      line: 4,
      inputLine: 5,
    });
  });

  it('reports an invalid expression and an unknown notify key at their lines (schema checks)', () => {
    const errs = errorsOf(() =>
      load(`notify:\n  on-failure: x\n  on-succes: x\nschedule: "cron(0 3 * * *)"\n${JOBS}`).pipeline(),
    );
    expect(errs).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/unknown key "on-succes"/), line: 3 }),
      expect.objectContaining({ message: expect.stringMatching(/schedule: .*6 fields/), line: 4 }),
    ]);
    expect(errs[0]!.fix).toMatch(/on-failure, on-success/);
  });

  it('reports a topic ARN that is not an SNS topic (or a FIFO one) at its line', () => {
    const errs = errorsOf(() =>
      load(
        `notify:\n  on-failure: arn:aws:sqs:eu-west-1:123456789012:q\n  on-success: arn:aws:sns:eu-west-1:123456789012:t.fifo\n${JOBS}`,
      ).pipeline(),
    );
    expect(errs.map((e) => [e.message, e.line])).toEqual([
      ['notify.on-failure: "arn:aws:sqs:eu-west-1:123456789012:q" is not the ARN of a standard SNS topic', 2],
      [
        'notify.on-success: "arn:aws:sns:eu-west-1:123456789012:t.fifo" is not the ARN of a standard SNS topic',
        3,
      ],
    ]);
  });

  it('expands placeholders in topic ARNs, so one manifest names each environment’s topic', () => {
    const { pipeline } = load(
      `notify:\n  on-failure: "arn:aws:sns:{region}:123456789012:{name-prefix}pipeline-notifications"\n${JOBS}`,
    );
    expect(pipeline().notify?.onFailure).toBe(
      'arn:aws:sns:eu-west-1:123456789012:dev-pipeline-notifications',
    );
    // {account} comes from role-arn: without it, an annotation at the line.
    const errs = errorsOf(() =>
      load(`name: x\nnotify:\n  on-success: "arn:aws:sns:{region}:{account}:t"\n${JOBS}`).pipeline(),
    );
    expect(errs).toEqual([
      expect.objectContaining({ message: 'notify.on-success: placeholder {account} has no value', line: 3 }),
    ]);
  });

  it('refuses schedule-input without a schedule, and one that names an unknown job', () => {
    expect(errorsOf(() => load(`schedule-input: {}\n${JOBS}`).pipeline())).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/no schedule/), line: 1 }),
    ]);
    const { root, pipeline } = load(`schedule: rate(1 day)\nschedule-input: '{"jobs": {"c": {}}}'\n${JOBS}`);
    const errs = pipelineInputErrors(pipeline(), { root });
    expect(errs.map((e) => [e.message, e.location.line])).toEqual([
      [expect.stringMatching(/schedule-input: "jobs" names "c"/), 2],
    ]);
  });

  it('refuses a topic in another partition than the deploy’s', () => {
    const { root, pipeline } = load(`notify:\n  on-success: ${TOPIC}\n${JOBS}`);
    const errs = pipelineInputErrors(pipeline(), { root, partition: 'aws-cn' });
    expect(errs.map((e) => [e.message, e.location.line])).toEqual([
      ['notify.on-success: the topic is in partition aws, this deploy is in aws-cn', 2],
    ]);
    expect(pipelineInputErrors(pipeline(), { root, partition: 'aws' })).toEqual([]);
  });
});
