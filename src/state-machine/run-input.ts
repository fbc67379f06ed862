// The execution input the state machine understands: {"arguments": {...}, "jobs": {"<job>":
// {"arguments": {...}}}} (both optional, other keys ignored). Checked before anything is written, so a
// typo in a job name or a number where Glue wants a string fails the step instead of the execution.
import { InputError } from '../errors.js';
import { hasRunArguments } from './asl.js';

/** Problems of an execution input (already valid JSON) for these jobs; `label` names where it came from. */
export function runInputErrors(json: string, jobNames: readonly string[], label: string): InputError[] {
  const errors: InputError[] = [];
  const fail = (message: string, fix: string) => errors.push(new InputError(`${label}: ${message}`, {}, fix));
  let input: unknown;
  try {
    input = JSON.parse(json);
  } catch {
    fail('is not valid JSON', 'pass a JSON object such as {"arguments": {"--RUN_DATE": "2026-12-01"}}');
    return errors;
  }
  if (!isObject(input)) {
    fail('is not a JSON object', 'pass a JSON object such as {"arguments": {"--RUN_DATE": "2026-12-01"}}');
    return errors;
  }
  if ('arguments' in input) checkArguments(input.arguments, '"arguments"', fail);
  if (!('jobs' in input)) return errors;
  if (!isObject(input.jobs)) {
    fail('"jobs" is not an object', 'use {"jobs": {"<job>": {"arguments": {...}}}}');
    return errors;
  }
  const known = jobNames.filter(hasRunArguments);
  for (const [job, value] of Object.entries(input.jobs)) {
    if (!known.includes(job)) {
      fail(
        `"jobs" names "${job}", which is not a job of this pipeline`,
        `use a job name from the manifest: ${known.join(', ')}`,
      );
      continue;
    }
    if (!isObject(value)) {
      fail(`"jobs"."${job}" is not an object`, `use {"jobs": {"${job}": {"arguments": {...}}}}`);
      continue;
    }
    if ('arguments' in value) checkArguments(value.arguments, `"jobs"."${job}"."arguments"`, fail);
  }
  return errors;
}

function checkArguments(value: unknown, where: string, fail: (message: string, fix: string) => void): void {
  if (!isObject(value)) {
    fail(`${where} is not an object`, 'use {"--NAME": "value", ...}');
    return;
  }
  for (const [name, v] of Object.entries(value)) {
    if (!/^--[A-Za-z0-9_.-]+$/.test(name))
      fail(`${where}: "${name}" is not an argument name`, 'argument names look like --NAME');
    else if (typeof v !== 'string')
      fail(`${where}: ${name} is ${JSON.stringify(v)}, not a string`, `quote it: "${name}": "${String(v)}"`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
