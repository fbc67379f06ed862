// Failure and success notifications through SNS, added to a built definition (manifest `notify`).
//
// On failure exactly one message is published, at the top level, whatever the nesting:
// - every job Task gets a Catch (States.ALL) → "<job>_failed", a Pass that records
//   {job, glueJob, error, cause}; inside a Parallel branch it goes on to "<job>_fail", a Fail state
//   whose error is the job's and whose cause is that record as JSON, so the branch (and every
//   enclosing Parallel) fails with it; at the top level it goes straight to the failure path;
// - every top-level Parallel gets a Catch → "Failure_from_branch", which parses the record back;
// - the failure path reads the run id and Glue's error message out of the cause when the run itself
//   failed (States.TaskFailed: the cause is the JobRun as JSON), publishes one message, and ends in
//   "Failed", a Fail state with the job's original error and cause: the execution still fails as it
//   did without notifications (run/ reads the same error and cause).
// A Parallel stops its other branches when one fails, and only the top level publishes, so two
// failing branches still give one message. States.Runtime errors (e.g. an execution input whose
// "jobs" is not a map) cannot be caught by Step Functions: they fail the execution without a message.
//
// On success the last top-level state goes on to "Success_message" and "Notify_success"; a failed
// success notification does not fail the pipeline ("Succeeded" either way; the history shows it).
// Without topics the definition is returned unchanged, byte for byte.
import type {
  AslCatcher,
  AslDefinition,
  AslPassState,
  AslRetrier,
  AslState,
  AslStateMachine,
  AslTaskState,
} from './asl.js';

export interface NotifyOptions {
  /** The state machine's name, as the message names the pipeline. */
  pipeline: string;
  onFailure?: string;
  onSuccess?: string;
  partition: string;
  region: string;
  /** Glue job name → manifest job name (the message gives both). */
  jobNames: ReadonlyMap<string, string>;
}

export const snsPublish = (partition: string) => `arn:${partition}:states:::sns:publish`;

/** The console's host per partition (aws-cn and aws-us-gov have their own). */
function consoleHost(partition: string, region: string): string {
  if (partition === 'aws-cn') return `https://console.amazonaws.cn`;
  if (partition === 'aws-us-gov') return `https://console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

/** States.Format giving the execution's console link ($$.Execution.Id is its ARN). */
function consoleLink(partition: string, region: string): string {
  // '{}' is the only placeholder; the URL has no quote, brace or backslash to escape.
  return `States.Format('${consoleHost(partition, region)}/states/home?region=${region}#/v2/executions/details/{}', $$.Execution.Id)`;
}

// SNS publishes retried a little (throttling, a transient error); a notification never blocks for long.
const PUBLISH_RETRY: AslRetrier = {
  ErrorEquals: ['States.ALL'],
  IntervalSeconds: 2,
  BackoffRate: 2,
  MaxAttempts: 3,
  MaxDelaySeconds: 20,
  JitterStrategy: 'FULL',
};

// SNS subjects: at most 100 printable ASCII characters.
const subject = (text: string) => text.replace(/[^\x20-\x7e]/g, '?').slice(0, 100);

export function withNotifications(definition: AslDefinition, opts: NotifyOptions): AslDefinition {
  if (!opts.onFailure && !opts.onSuccess) return definition;
  const names = new Names(definition);
  const top: AslStateMachine = { StartAt: definition.StartAt, States: { ...definition.States } };
  if (opts.onSuccess) addSuccess(top, opts, names);
  if (opts.onFailure) addFailure(top, opts, names);
  return definition.Comment === undefined ? top : { Comment: definition.Comment, ...top };
}

function addSuccess(machine: AslStateMachine, opts: NotifyOptions, names: Names): void {
  const [message, notify, done] = ['Success_message', 'Notify_success', 'Succeeded'].map((n) =>
    names.reserve(n),
  ) as [string, string, string];
  const last = Object.entries(machine.States).find(([, s]) => 'End' in s && s.End === true) as [
    string,
    AslTaskState,
  ];
  const { End: _end, ...rest } = last[1];
  machine.States[last[0]] = { ...rest, Next: message } as AslState;
  machine.States[message] = {
    Type: 'Pass',
    Parameters: {
      message: {
        pipeline: opts.pipeline,
        status: 'SUCCEEDED',
        'execution.$': '$$.Execution.Id',
        'console.$': consoleLink(opts.partition, opts.region),
      },
    },
    Next: notify,
  };
  machine.States[notify] = publish(opts, opts.onSuccess!, `Glue pipeline ${opts.pipeline} succeeded`, done);
  machine.States[done] = { Type: 'Succeed' };
}

function addFailure(machine: AslStateMachine, opts: NotifyOptions, names: Names): void {
  const [fromBranch, kind, run, fields, withRun, withoutRun, notify, failed] = [
    'Failure_from_branch',
    'Failure_kind',
    'Failure_run',
    'Failure_run_fields',
    'Failure_message_run',
    'Failure_message',
    'Notify_failure',
    'Failed',
  ].map((n) => names.reserve(n)) as [string, string, string, string, string, string, string, string];
  const catchTo = (next: string): AslCatcher[] => [
    { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: next },
  ];

  // Job tasks at any depth: record the job, then fail the branch (or, at the top, report).
  let branchFailures = false;
  const instrument = (m: AslStateMachine, atTop: boolean) => {
    for (const [name, state] of Object.entries(m.States)) {
      if (state.Type === 'Parallel') {
        const branches = state.Branches.map((b) => ({ StartAt: b.StartAt, States: { ...b.States } }));
        for (const b of branches) instrument(b, false);
        m.States[name] = { ...state, Branches: branches, ...(atTop ? { Catch: catchTo(fromBranch) } : {}) };
        if (atTop) branchFailures = true;
        continue;
      }
      if (state.Type !== 'Task' || !('JobName' in state.Parameters)) continue;
      const glueJob = String(state.Parameters.JobName);
      const record = names.reserve(`${name.slice(0, 72)}_failed`);
      m.States[name] = { ...(state as AslTaskState), Catch: catchTo(record) };
      const pass: AslPassState = {
        Type: 'Pass',
        Parameters: {
          job: opts.jobNames.get(glueJob) ?? glueJob,
          glueJob,
          'error.$': '$.failure.Error',
          'cause.$': '$.failure.Cause',
        },
        ResultPath: '$.failure',
        Next: kind,
      };
      if (!atTop) {
        const fail = names.reserve(`${name.slice(0, 74)}_fail`);
        pass.Next = fail;
        m.States[fail] = {
          Type: 'Fail',
          ErrorPath: '$.failure.error',
          CausePath: 'States.JsonToString($.failure)',
        };
      }
      m.States[record] = pass;
    }
  };
  instrument(machine, true);

  const message = (runId: string | null, errorMessage: string) => ({
    pipeline: opts.pipeline,
    'job.$': '$.failure.job',
    'glueJob.$': '$.failure.glueJob',
    ...(runId === null ? { runId: null } : { 'runId.$': runId }),
    'error.$': '$.failure.error',
    'errorMessage.$': errorMessage,
    'execution.$': '$$.Execution.Id',
    'console.$': consoleLink(opts.partition, opts.region),
  });
  // Only reachable from a top-level Parallel (a definition without one must not carry it).
  if (branchFailures) {
    machine.States[fromBranch] = {
      Type: 'Pass',
      Parameters: { 'failure.$': 'States.StringToJson($.failure.Cause)' },
      Next: kind,
    };
  }
  Object.assign(machine.States, {
    // A run that ended FAILED/TIMEOUT/STOPPED: the cause is the JobRun (JSON). Any other error
    // (a start refused, a permission missing) has a plain-text cause.
    [kind]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.failure.error', StringEquals: 'States.TaskFailed', Next: run }],
      Default: withoutRun,
    },
    [run]: {
      Type: 'Pass',
      Parameters: { 'failure.$': '$.failure', 'run.$': 'States.StringToJson($.failure.cause)' },
      Next: fields,
    },
    [fields]: {
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.run.Id', IsPresent: true },
            { Variable: '$.run.ErrorMessage', IsPresent: true },
          ],
          Next: withRun,
        },
      ],
      Default: withoutRun,
    },
    [withRun]: {
      Type: 'Pass',
      Parameters: { 'failure.$': '$.failure', message: message('$.run.Id', '$.run.ErrorMessage') },
      Next: notify,
    },
    [withoutRun]: {
      Type: 'Pass',
      Parameters: { 'failure.$': '$.failure', message: message(null, '$.failure.cause') },
      Next: notify,
    },
    [notify]: publish(opts, opts.onFailure!, `Glue pipeline ${opts.pipeline} failed`, failed),
    // The execution fails with the job's own error and cause, as it would without a notification.
    [failed]: { Type: 'Fail', ErrorPath: '$.failure.error', CausePath: '$.failure.cause' },
  } satisfies Record<string, AslState>);
}

function publish(opts: NotifyOptions, topicArn: string, title: string, next: string): AslState {
  return {
    Type: 'Task',
    Resource: snsPublish(opts.partition),
    Parameters: {
      TopicArn: topicArn,
      Subject: subject(title),
      'Message.$': 'States.JsonToString($.message)',
    },
    ResultPath: null,
    Retry: [PUBLISH_RETRY],
    // A notification that cannot be sent does not change how the execution ends.
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notifyError', Next: next }],
    Next: next,
  };
}

/** State names already used anywhere in the definition, and new ones made unique against them. */
class Names {
  private readonly used = new Set<string>();

  constructor(definition: AslStateMachine) {
    const collect = (m: AslStateMachine) => {
      for (const [name, state] of Object.entries(m.States)) {
        this.used.add(name);
        if (state.Type === 'Parallel') for (const b of state.Branches) collect(b);
      }
    };
    collect(definition);
  }

  reserve(base: string): string {
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base.slice(0, 75)}_${i}`;
    this.used.add(name);
    return name;
  }
}
