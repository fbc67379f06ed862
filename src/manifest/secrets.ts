// Which values are secrets: the values of job arguments the manifest lists under
// `secret-arguments`, of arguments whose names contain PASSWORD, SECRET or TOKEN (any case), and
// whatever is passed to a run (`execution-input`, `run-job-arguments`). report/ masks them.
import type { Pipeline } from '../model.js';

const SECRET_NAME = /PASSWORD|SECRET|TOKEN/i;

/** True when an argument's value must be masked: it is marked, or its name says it is a secret. */
export function isSecretArgument(name: string, marked: readonly string[] = []): boolean {
  return marked.includes(name) || SECRET_NAME.test(name);
}

/** The values of the secret arguments of every job (input defaults included: they are merged in). */
export function pipelineSecretValues(pipeline: Pipeline): string[] {
  return pipeline.jobs.flatMap((job) =>
    Object.entries(job.arguments)
      .filter(([name]) => isSecretArgument(name, job.secretArguments))
      .map(([, value]) => value),
  );
}

/** The secret values among the run inputs, known before the manifest is read. */
export function runSecretValues(inputs: {
  executionInput: string;
  runJobArguments: Record<string, string>;
  defaultArguments: Record<string, string>;
}): string[] {
  const fromDefaults = Object.entries(inputs.defaultArguments)
    .filter(([name]) => isSecretArgument(name))
    .map(([, value]) => value);
  // The execution input whole, and each string in it (Step Functions may show them reformatted).
  const trimmed = inputs.executionInput.trim();
  const execution = trimmed === '{}' || trimmed === '' ? [] : [trimmed, ...jsonStrings(trimmed)];
  return [...Object.values(inputs.runJobArguments), ...execution, ...fromDefaults];
}

function jsonStrings(text: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  try {
    walk(JSON.parse(text));
  } catch {
    // Not JSON: the inputs check refuses it; the whole text is masked anyway.
  }
  return out;
}
