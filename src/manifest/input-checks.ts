// Checks of the resolved pipeline against the action's inputs, made before any AWS call: the job
// scripts stay inside the repository, the state machine name fits Step Functions, and `run-job`
// names a job of this pipeline.
import { InputError } from '../errors.js';
import type { Pipeline } from '../model.js';
import { repoPathErrors } from '../repo-path.js';

/** Step Functions' longest state machine name. */
export const MAX_STATE_MACHINE_NAME = 80;

export function pipelineInputErrors(
  pipeline: Pipeline,
  opts: { root: string; runJob?: string },
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
  return errors;
}
