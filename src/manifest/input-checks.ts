// Checks of the resolved pipeline against the action's inputs, made before any AWS call: the job
// scripts stay inside the repository, the state machine name fits Step Functions, and `run-job`
// names a job of this pipeline.
import { InputError } from '../errors.js';
import type { Pipeline } from '../model.js';
import { repoPathErrors } from '../repo-path.js';
import { runInputErrors } from '../state-machine/run-input.js';

/** Step Functions' longest state machine name. */
export const MAX_STATE_MACHINE_NAME = 80;

export function pipelineInputErrors(
  pipeline: Pipeline,
  opts: { root: string; runJob?: string; partition?: string },
): InputError[] {
  const file = pipeline.manifestFile;
  const errors = repoPathErrors(
    opts.root,
    pipeline.jobs.map((j) => ({ label: `job "${j.name}": script`, path: j.script, file, line: j.line })),
  );
  if (pipeline.stateMachineName.length > MAX_STATE_MACHINE_NAME) {
    errors.push(
      new InputError(
        `input name-prefix: the state machine name "${pipeline.stateMachineName}" is longer than ${MAX_STATE_MACHINE_NAME} characters`,
        { file },
        'shorten name-prefix or the manifest\'s "name"',
      ),
    );
  }
  if (opts.runJob && !pipeline.jobs.some((j) => j.name === opts.runJob || j.glueName === opts.runJob)) {
    errors.push(
      new InputError(
        `input run-job: "${opts.runJob}" is not a job of this pipeline`,
        { file },
        `use one of: ${pipeline.jobs.map((j) => j.name).join(', ')}`,
      ),
    );
  }
  if (opts.partition) errors.push(...notifyErrors(pipeline, opts.partition));
  if (pipeline.schedule) {
    const at = { file, line: pipeline.schedule.inputLine ?? pipeline.schedule.line };
    const names = pipeline.jobs.map((j) => j.name);
    for (const e of runInputErrors(pipeline.schedule.input, names, 'schedule-input'))
      errors.push(new InputError(e.message, at, e.fix));
  }
  return errors;
}

/** A topic in another partition than the deploy's cannot be published to by its state machine. */
function notifyErrors(pipeline: Pipeline, partition: string): InputError[] {
  const n = pipeline.notify;
  if (!n) return [];
  const errors: InputError[] = [];
  for (const [key, arn, line] of [
    ['on-failure', n.onFailure, n.lines?.onFailure],
    ['on-success', n.onSuccess, n.lines?.onSuccess],
  ] as const) {
    const topicPartition = arn?.split(':')[1];
    if (arn && topicPartition !== partition) {
      errors.push(
        new InputError(
          `notify.${key}: the topic is in partition ${topicPartition}, this deploy is in ${partition}`,
          { file: pipeline.manifestFile, line },
          `use a topic ARN that starts with arn:${partition}:sns: (a topic in this account and region)`,
        ),
      );
    }
  }
  return errors;
}
