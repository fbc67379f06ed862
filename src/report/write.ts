// The one way report/ writes anything a person or a later step sees: log lines, annotations, step
// outputs, the job summary and the step's failure. Each write first replaces masked values by ***
// (secrets.ts); text that did not come from the action goes through `untrusted`, which keeps the
// runner from reading commands in it (untrusted.ts). Annotations go through @actions/core, which
// escapes their message and properties.
import * as core from '@actions/core';
import { redact } from './secrets.js';
import { commandProofLines } from './untrusted.js';

/** A log line written by the action (it may quote names the action chose, nothing from outside). */
export function info(line: string): void {
  core.info(redact(line));
}

/** Lines that hold text from AWS or from a job's output. */
export function untrusted(lines: string[]): void {
  for (const l of commandProofLines(lines.map(redact))) core.info(l);
}

export function warning(message: string): void {
  core.warning(redact(message));
}

export function error(message: string, properties: core.AnnotationProperties = {}): void {
  const props = Object.fromEntries(
    Object.entries(properties).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]),
  );
  core.error(redact(message), props);
}

export function setFailed(message: string): void {
  core.setFailed(redact(message));
}

export function setOutput(name: string, value: string): void {
  core.setOutput(name, redact(value));
}

export function debug(message: string): void {
  core.debug(redact(message));
}

export function startGroup(name: string): void {
  core.startGroup(redact(name));
}

export function endGroup(): void {
  core.endGroup();
}

/** Appends markdown to the job summary, when the runner gives one. */
export async function appendSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(redact(markdown), true).write();
}
