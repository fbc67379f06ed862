// The manifest's schema (glue-jobs/pipeline.yml). Keys are kebab-case as in design.md; unknown keys
// are errors so that a typo never silently falls back to a default.
import { z } from 'zod';

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

const jobSettings = {
  description: z.string().max(2048).optional(),
  'glue-version': glueVersion.optional(),
  'worker-type': z.string().optional(),
  'number-of-workers': z.number().int().min(2).max(1000).optional(),
  timeout: z.number().int().min(1).max(10080).optional(),
  'max-retries': z.number().int().min(0).max(10).optional(),
  'execution-class': z.enum(['STANDARD', 'FLEX']).optional(),
  'additional-python-modules': stringList.optional(),
  arguments: argumentsSchema.optional(),
  // Not a Glue setting: a rough duration that lets the state-machine builder pick a schedule
  // closer to the critical path on graphs that are not series-parallel.
  'expected-minutes': z.number().positive().max(10080).optional(),
};

export const defaultsSchema = z.strictObject(jobSettings);

export const jobSchema = z.strictObject({
  ...jobSettings,
  script: z.string().min(1).optional(),
  'depends-on': stringList.optional(),
});

// Step Functions state machine names: 1-80 characters, none of whitespace, control characters and
// < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /
export const STATE_MACHINE_NAME_CHARS = /^[^\s\p{Cc}<>{}[\]?*"#%\\^|~`$&,;:/]*$/u;
export const stateMachineName = z
  .string()
  .min(1)
  .max(80)
  .regex(STATE_MACHINE_NAME_CHARS, 'use letters, digits, "-" and "_" only');

export const manifestSchema = z.strictObject({
  name: stateMachineName.optional(),
  defaults: defaultsSchema.optional(),
  jobs: z.record(
    z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'job names use letters, digits, "-" and "_"'),
    jobSchema.nullable(),
  ),
});

export type ManifestInput = z.output<typeof manifestSchema>;
export type JobInput = z.output<typeof jobSchema>;
export type DefaultsInput = z.output<typeof defaultsSchema>;
