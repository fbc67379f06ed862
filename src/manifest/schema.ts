// The manifest's schema (glue-jobs/pipeline.yml). Keys are kebab-case (as the action inputs are); unknown keys
// are errors so that a typo never silently falls back to a default.
import { z } from 'zod';
import { scheduleExpressionProblem } from '../schedule/expression.js';

// YAML reads an unquoted 5.0 as the number 5: accept it and give back "5.0".
const glueVersion = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? v.toFixed(1) : v.trim()));

const stringList = z
  .union([z.array(z.string()), z.string()])
  .transform((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v).filter((s) => s !== ''));

const argumentValue = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

export const argumentsSchema = z.record(
  z.string().regex(/^--[A-Za-z0-9_.-]+$/, 'argument names look like --NAME'),
  argumentValue,
);

// 3.9 in YAML is a number: give back the text as written ("3.9", "3").
const versionText = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

const stringMap = z.record(z.string(), argumentValue);

const jobSettings = {
  type: z.enum(['glueetl', 'pythonshell', 'gluestreaming', 'glueray']).optional(),
  description: z.string().max(2048).optional(),
  'python-version': versionText.optional(),
  runtime: z.string().min(1).optional(),
  'max-capacity': z.number().positive().optional(),
  connections: stringList.optional(),
  'security-configuration': z.string().min(1).max(255).optional(),
  'max-concurrent-runs': z.number().int().min(1).max(1000).optional(),
  'notify-delay-after': z.number().int().min(1).optional(),
  'non-overridable-arguments': argumentsSchema.optional(),
  'job-run-queuing': z.boolean().optional(),
  'maintenance-window': z
    .string()
    .regex(
      /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat):([0-9]|1[0-9]|2[0-3])$/,
      'write it as Day:Hour, e.g. "Sun:2" (UTC)',
    )
    .optional(),
  'job-bookmark': z.enum(['enable', 'disable', 'pause']).optional(),
  'spark-ui': z.boolean().optional(),
  'spark-conf': stringMap.optional(),
  'extra-jars': stringList.optional(),
  'extra-files': stringList.optional(),
  tags: stringMap.optional(),
  'glue-version': glueVersion.optional(),
  'worker-type': z.string().optional(),
  'number-of-workers': z.number().int().min(2).max(1000).optional(),
  timeout: z.number().int().min(1).max(10080).optional(),
  'max-retries': z.number().int().min(0).max(10).optional(),
  'execution-class': z.enum(['STANDARD', 'FLEX']).optional(),
  'additional-python-modules': stringList.optional(),
  arguments: argumentsSchema.optional(),
  // Arguments whose values are secrets (masked in every log, output and summary). A job's list adds
  // to the defaults' list.
  'secret-arguments': z
    .array(z.string().regex(/^--[A-Za-z0-9_.-]+$/, 'argument names look like --NAME'))
    .optional(),
  // Not a Glue setting: a rough duration that lets the state-machine builder pick a schedule
  // closer to the critical path on graphs that are not series-parallel.
  'expected-minutes': z.number().positive().max(10080).optional(),
  // Not a Glue setting either: retries of a run start refused for a transient reason.
  'start-retries': z.number().int().min(0).max(10).optional(),
};

export const defaultsSchema = z.strictObject(jobSettings);

export const jobSchema = z.strictObject({
  ...jobSettings,
  script: z.string().min(1).optional(),
  'depends-on': stringList.optional(),
});

// The pipeline's name names the state machine and is the value of the ownership tags on every job,
// schedule group and object. Step Functions accepts more characters (no whitespace, control
// characters or < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /), but tag values (Glue's
// [\p{L}\p{Z}\p{N}_.:/=+\-@]*) and CloudWatch logging accept less: ASCII letters, digits, ".", "-"
// and "_" are valid everywhere, so a name that passes here can never fail half way through a deploy.
export const STATE_MACHINE_NAME_CHARS = /^[A-Za-z0-9._-]*$/;
export const stateMachineName = z
  .string()
  .min(1)
  .max(80)
  .regex(STATE_MACHINE_NAME_CHARS, 'use ASCII letters, digits, ".", "-" and "_" only');

// SNS topic ARNs; placeholders ({region}, {account}, {name-prefix}) are expanded, then the ARN is
// checked (resolve.ts, TOPIC_ARN), so that one manifest can name each environment's topic.
const topicArn = z.string().min(1);

export const notifySchema = z.strictObject({
  'on-failure': topicArn.optional(),
  'on-success': topicArn.optional(),
});

const scheduleExpression = z.string().superRefine((value, ctx) => {
  const problem = scheduleExpressionProblem(value.trim());
  if (problem)
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a schedule expression: ${problem}` });
});

// A map in YAML, or a string holding a JSON object; kept as JSON text (the StartExecution input).
const scheduleInput = z.union([
  z.record(z.string(), z.unknown()).transform((v) => JSON.stringify(v)),
  z.string().refine((text) => {
    try {
      const v: unknown = JSON.parse(text);
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    } catch {
      return false;
    }
  }, 'is not a JSON object'),
]);

export const manifestSchema = z.strictObject({
  name: stateMachineName.optional(),
  notify: notifySchema.optional(),
  schedule: scheduleExpression.optional(),
  'schedule-input': scheduleInput.optional(),
  defaults: defaultsSchema.optional(),
  jobs: z.record(
    z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'job names use letters, digits, "-" and "_"'),
    jobSchema.nullable(),
  ),
});

export type ManifestInput = z.output<typeof manifestSchema>;
export type JobInput = z.output<typeof jobSchema>;
export type DefaultsInput = z.output<typeof defaultsSchema>;
