// `npm run docs`: writes the reference tables that must never drift from the code.
//   - inputs and outputs: from action.yml (names, required, defaults, descriptions as declared);
//   - the manifest keys: from the manifest's zod schema (types and ranges), with the meaning of each
//     key from the schema's own description or, failing that, from MANIFEST_DESCRIPTIONS below.
//     A schema key with no description, or a description of a key the schema no longer has, is an
//     error: a new manifest key cannot ship undocumented.
// docs/reference.md is generated whole. Any other tracked markdown file may hold a generated block
// between `<!-- inputs:start -->` and `<!-- inputs:end -->` (likewise outputs, manifest); only the
// text between the markers is rewritten. `npm run docs -- --check` writes nothing and exits 1 when a
// file differs (test/unit/docs.test.ts does the same check).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
// The one place that names the manifest schema's module: if the schema moves, change this line.
import { manifestSchema } from '../src/manifest/schema.js';

export const MANIFEST_SCHEMA = manifestSchema;
export const ROOT = resolve(import.meta.dirname, '..');
export const REFERENCE = 'docs/reference.md';
const MANIFEST = 'glue-jobs/pipeline.yml';

/** Meaning of each manifest key, for keys whose schema carries no description. Job keys are also the
 * keys of `defaults`. Keep each to a sentence or two: types and ranges come from the schema. */
const MANIFEST_DESCRIPTIONS = {
  top: {
    name: 'State machine name; `name-prefix` is prepended. Default: the repository name.',
    defaults:
      "Settings for every job. A job's own value replaces the default, except `arguments`, which merge name by name. Below these defaults come the inputs `glue-version`, `worker-type`, `number-of-workers` and `default-arguments`.",
    notify:
      'SNS topics the state machine publishes to: `on-failure` gets one message when a job fails (pipeline, job, run id, error, console link; the execution still fails), `on-success` one when the pipeline succeeds. Standard topics in the partition of the deploy; `{region}`, `{account}` and `{name-prefix}` are expanded. See docs/orchestration.md.',
    schedule:
      'Run the pipeline on a schedule (EventBridge Scheduler, UTC): `cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)` or `rate(<n> <unit>)`, e.g. `cron(0 3 * * ? *)`. Needs the `scheduler-role-arn` input. Not created for previews unless `schedule-previews` is true; removed by prune and destroy.',
    'schedule-input':
      'The execution input a scheduled run starts with (a map, or a JSON object as a string), e.g. `{arguments: {--MODE: daily}}`. Checked like `execution-input`. Default: `{}`.',
    jobs: 'The jobs, by name. The Glue job is named `<name-prefix><name>`. A job with nothing to set is written `name: {}` or `name:`.',
  },
  job: {
    script: 'Path of the job script from the repository root. Default: `<jobs-dir>/<name>.py`.',
    'depends-on':
      'Jobs (names under `jobs`) that must succeed before this one starts. Jobs that do not depend on each other run in parallel.',
    description: 'Description of the Glue job.',
    'glue-version':
      'Glue version: 2.0 to 5.1 are known; a newer one is passed to Glue with a warning. An unquoted `5.0` is read as "5.0". Default: the `glue-version` input (pythonshell: 3.0, Ray: 4.0).',
    'worker-type':
      'Glue worker type. It is checked against the job type and Glue version: G.4X and G.8X need 3.0 or later; G.12X, G.16X and R.* need 4.0 or later; G.025X is for streaming jobs, Z.2X (the Ray default) for Ray jobs. Default: the `worker-type` input.',
    'number-of-workers': 'Number of workers. Default: the `number-of-workers` input.',
    timeout: 'Minutes before Glue stops a run. Default: 30.',
    'max-retries': 'How many times Glue retries a failed run. Default: 0.',
    'execution-class':
      '`FLEX` runs on spare capacity for a lower price, and may start later. It needs a glueetl job, Glue 3.0 or later and G.1X or G.2X workers. Default: `STANDARD`.',
    'additional-python-modules':
      'pip requirements installed on the workers (`--additional-python-modules`), e.g. `validate-docbr==1.10.0`.',
    arguments:
      'Job arguments (Glue DefaultArguments). Values may use `{bucket}`, `{prefix}`, `{region}`, `{account}`, `{name-prefix}` and `{job}`. They merge name by name: `default-arguments` input, then `defaults`, then the job. A name the action sets itself, such as `--TempDir`, can be overridden here.',
    'secret-arguments':
      "Argument names (`--NAME`) whose values are secrets: masked in the log, the annotations, the outputs and the job summary. Arguments whose names contain `PASSWORD`, `SECRET` or `TOKEN` (any case) are masked without being listed. A job's list adds to the one in `defaults`. Glue still stores the values in the job definition: see docs/security.md.",
    type: 'Glue job type (`Command.Name`): `glueetl` (Spark ETL, default), `pythonshell`, `gluestreaming` or `glueray`. A pythonshell or Ray job does not inherit the Spark-only defaults (`worker-type`, `number-of-workers`, `execution-class`, `glue-version`, `job-bookmark`, `spark-*`, `extra-jars`, `extra-files`).',
    'python-version':
      '`Command.PythonVersion`. Spark jobs: `3`; pythonshell: `3.9` (default, on Glue 3.0) or `3`; Ray: `3.9`.',
    runtime: 'Ray jobs only (`Command.Runtime`). Default: `Ray2.4`.',
    'max-capacity':
      'pythonshell only (`MaxCapacity`): `0.0625` (default) or `1` DPU. A pythonshell job has no worker-type or number-of-workers.',
    connections: 'Glue connection names (`Connections`), e.g. a VPC or JDBC connection.',
    'security-configuration': 'Name of a Glue security configuration (`SecurityConfiguration`).',
    'max-concurrent-runs':
      'Runs of this job at once (`ExecutionProperty.MaxConcurrentRuns`). Glue default: 1.',
    'notify-delay-after':
      'Minutes after a run starts before a delay notification is sent (`NotificationProperty`).',
    'non-overridable-arguments':
      'Arguments a run cannot override (`NonOverridableArguments`). Placeholders are expanded as in `arguments`.',
    'job-run-queuing': 'Queue runs that exceed a quota instead of failing them (`JobRunQueuingEnabled`).',
    'maintenance-window':
      'Streaming jobs only (`MaintenanceWindow`): day and hour (UTC) when Glue may restart the job, e.g. `Sun:2`.',
    'job-bookmark':
      'Job bookmarks (`--job-bookmark-option`): `enable`, `disable` or `pause`. Not for pythonshell.',
    'spark-ui':
      'Spark UI event logs (`--enable-spark-ui`), written under `{prefix}spark_event_logs/<job>/` (`--spark-event-logs-path`).',
    'spark-conf':
      'Spark settings, written as Glue expects in one `--conf` argument (`k1=v1 --conf k2=v2`). Placeholders are expanded.',
    'extra-jars':
      'Jars on the Spark classpath (`--extra-jars`): repository paths (uploaded under `src_code/extra/`) or `s3://` URIs.',
    'extra-files':
      'Files copied to the Spark working directory (`--extra-files`): repository paths (uploaded under `src_code/extra/`) or `s3://` URIs. Not for pythonshell.',
    tags: 'Tags of this job, added to the `tags` input and the ownership tags (which cannot be overridden).',
    'expected-minutes':
      'Rough run time, in minutes. It is not sent to Glue. It helps the state machine builder choose a schedule closer to the critical path when the graph is not series-parallel.',
    'start-retries':
      'How many times the state machine retries starting a run that Glue refused for a transient reason (concurrent runs exceeded, throttling, an internal error), with backoff (about 10 s, 30 s, 90 s, at most 5 minutes apart). A failed run is not retried here: see `max-retries`. Default: 3.',
  },
} satisfies Record<'top' | 'job', Record<string, string>>;

// ---------------------------------------------------------------------------------------------
// action.yml

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const cell = (text: string) =>
  text
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

export function inputsTable(action: ActionYml): string {
  const rows = Object.entries(action.inputs).map(([name, spec]) => {
    const required = spec.required ? 'yes' : 'no';
    const fallback = spec.required || spec.default === undefined ? '' : `\`${spec.default || '""'}\``;
    return `| \`${name}\` | ${required} | ${fallback} | ${cell(spec.description)} |`;
  });
  return ['| input | required | default | description |', '|---|---|---|---|', ...rows].join('\n');
}

export function outputsTable(action: ActionYml): string {
  const rows = Object.entries(action.outputs).map(
    ([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`,
  );
  return ['| output | description |', '|---|---|', ...rows].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The manifest schema, read through its JSON Schema (input side: what a user may write).

interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

const code = (text: string) => (/[`|]/.test(text) ? '' : `\`${text}\``);
const words = (list: string[]) =>
  list.length < 2 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;

/** A short human description of what a value may be: type, allowed values, ranges. */
export function describeType(s: JsonSchema): string {
  if (s.anyOf) {
    const variants = s.anyOf.filter((v) => v.type !== 'null');
    const list = variants.find((v) => v.type === 'array');
    if (variants.length === 2 && list && variants.some((v) => v.type === 'string')) {
      return `${describeType(list)} (or one comma-separated string)`;
    }
    return words(variants.map(describeType));
  }
  if (s.enum) return words(s.enum.map((v) => `\`${String(v)}\``));
  // z.unknown(): any JSON value.
  if (Object.keys(s).length === 0) return 'any value';
  if (Array.isArray(s.type)) return words(s.type);
  switch (s.type) {
    case 'string': {
      const { minLength: min, maxLength: max } = s;
      if (min !== undefined && max !== undefined) return `string of ${min}–${max} characters`;
      if (max !== undefined) return `string of up to ${max} characters`;
      if (min !== undefined && min > 1) return `string of at least ${min} characters`;
      return min === 1 ? 'non-empty string' : 'string';
    }
    case 'integer':
    case 'number': {
      // .int() alone bounds a number by ±MAX_SAFE_INTEGER: no limit worth writing down.
      const limit = (v: number | undefined) =>
        v === undefined || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v;
      const [min, max] = [limit(s.minimum), limit(s.maximum)];
      if (min !== undefined && max !== undefined) return `${s.type}, ${min}–${max}`;
      const bounds = [
        min !== undefined ? `≥ ${min}` : '',
        s.exclusiveMinimum !== undefined ? `> ${s.exclusiveMinimum}` : '',
        max !== undefined ? `≤ ${max}` : '',
      ].filter(Boolean);
      return bounds.length ? `${s.type}, ${bounds.join(' and ')}` : s.type;
    }
    case 'array':
      return s.items ? `list of ${describeType(s.items)}s` : 'list';
    case 'object': {
      if (s.properties) return 'map of the settings below';
      const value = typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
      const keyPattern = s.propertyNames?.pattern ? code(s.propertyNames.pattern) : '';
      const key = keyPattern ? `keys matching ${keyPattern}` : 'keys';
      return value ? `map, ${key}, values: ${describeType(value)}` : 'map';
    }
    case 'null':
      return 'empty';
    case 'boolean':
      return 'true or false';
    default:
      throw new Error(`scripts/docs.ts: no rendering for the schema type ${JSON.stringify(s)}`);
  }
}

/** The meaning of a key: the schema's own description, else the table; a key with neither is an error. */
function meaning(group: 'top' | 'job', key: string, s: JsonSchema, problems: string[]): string {
  const own = s.description ?? (MANIFEST_DESCRIPTIONS[group] as Record<string, string>)[key];
  if (own === undefined) {
    problems.push(
      `manifest key "${key}" has no description: add .describe() to it in the schema, or a line to MANIFEST_DESCRIPTIONS.${group} in scripts/docs.ts`,
    );
    return '';
  }
  return cell(own);
}

export function manifestReference(schema: z.ZodType = MANIFEST_SCHEMA): string {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const shapeError = (what: string) =>
    new Error(`scripts/docs.ts: the manifest schema changed shape (${what}); update manifestReference()`);
  const top = root.properties ?? {};
  const defaults = top.defaults?.properties;
  const jobValue = top.jobs?.additionalProperties;
  const job =
    typeof jobValue === 'object' ? (jobValue.anyOf ?? [jobValue]).find((v) => v.properties) : undefined;
  if (!defaults) throw shapeError('"defaults" is no longer an object of settings');
  if (!job?.properties) throw shapeError('"jobs" is no longer a map of job objects');
  const jobKeys = job.properties;
  const notInJobs = Object.keys(defaults).filter((k) => !(k in jobKeys));
  if (notInJobs.length) throw shapeError(`defaults has keys that jobs lack: ${notInJobs.join(', ')}`);

  const problems: string[] = [];
  const required = new Set(root.required ?? []);
  const topRows = Object.entries(top).map(([key, s]) => {
    const type =
      key === 'defaults'
        ? 'map of the job settings marked "in `defaults`"'
        : s.properties
          ? `map with the keys ${Object.keys(s.properties)
              .map((k) => `\`${k}\``)
              .join(', ')} (${words([...new Set(Object.values(s.properties).map(describeType))])})`
          : describeType(s);
    return `| \`${key}\` | ${required.has(key) ? 'yes' : 'no'} | ${type} | ${meaning('top', key, s, problems)} |`;
  });
  const jobRows = Object.entries(jobKeys).map(([key, s]) => {
    const inDefaults = key in defaults ? 'yes' : 'no';
    return `| \`${key}\` | ${inDefaults} | ${describeType(s)} | ${meaning('job', key, s, problems)} |`;
  });
  for (const [group, keys] of [
    ['top', top],
    ['job', jobKeys],
  ] as const) {
    for (const key of Object.keys(MANIFEST_DESCRIPTIONS[group])) {
      if (!(key in keys)) {
        problems.push(
          `MANIFEST_DESCRIPTIONS.${group} in scripts/docs.ts describes "${key}", which the manifest schema does not have: remove it`,
        );
      }
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
  const strict = root.additionalProperties === false && job.additionalProperties === false;
  return [
    `Top-level keys of \`${MANIFEST}\` (the \`pipeline-file\` input):`,
    '',
    '| key | required | type | meaning |',
    '|---|---|---|---|',
    ...topRows,
    '',
    'Keys of a job (`jobs.<name>`); those marked "in `defaults`" may also be set under `defaults`:',
    '',
    '| key | in `defaults` | type | meaning |',
    '|---|---|---|---|',
    ...jobRows,
    ...(strict ? ['', 'Any other key is an error, reported with its line and the keys allowed there.'] : []),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Files

export type Blocks = Record<'inputs' | 'outputs' | 'manifest', string>;

export function renderBlocks(root = ROOT): Blocks {
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYml;
  return { inputs: inputsTable(action), outputs: outputsTable(action), manifest: manifestReference() };
}

export function referenceTemplate(): string {
  return [
    '# Reference',
    '',
    '<!-- Generated by `npm run docs` (scripts/docs.ts) from action.yml and the manifest schema.',
    '     Do not edit by hand: change those, then run `npm run docs`. -->',
    '',
    'The inputs and outputs of the action, as `action.yml` declares them, and every key of the',
    `pipeline manifest, \`${MANIFEST}\`. How to use them: [README](../README.md).`,
    '',
    '## Inputs',
    '',
    '<!-- inputs:start --><!-- inputs:end -->',
    '',
    '## Outputs',
    '',
    '<!-- outputs:start --><!-- outputs:end -->',
    '',
    '## The manifest',
    '',
    '<!-- manifest:start --><!-- manifest:end -->',
    '',
  ].join('\n');
}

/** `text` with every marked block replaced by its generated content. Unknown or unclosed markers are errors. */
export function fillBlocks(text: string, blocks: Blocks, file: string): string {
  const marker = /<!-- ([a-z-]+):(start|end) -->/g;
  let out = '';
  let at = 0;
  let open: { name: string; line: number } | undefined;
  for (const m of text.matchAll(marker)) {
    const [whole, name, edge] = m as unknown as [string, string, string];
    const line = text.slice(0, m.index).split('\n').length;
    if (!(name in blocks)) {
      throw new Error(
        `${file}:${line}: unknown generated block "${name}" (known: ${Object.keys(blocks).join(', ')})`,
      );
    }
    if (edge === 'start') {
      if (open) throw new Error(`${file}:${line}: "${name}:start" inside "${open.name}" (line ${open.line})`);
      out += text.slice(at, m.index + whole.length);
      open = { name, line };
    } else {
      if (open?.name !== name) throw new Error(`${file}:${line}: "${name}:end" without its "${name}:start"`);
      out += `\n${blocks[name as keyof Blocks]}\n${whole}`;
      open = undefined;
    }
    at = m.index + whole.length;
  }
  if (open) throw new Error(`${file}:${open.line}: "${open.name}:start" has no "${open.name}:end"`);
  return out + text.slice(at);
}

/** Markdown files that git tracks or would track (ignored files left out). */
function markdownFiles(root: string): string[] {
  const out = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '*.md'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  return out.split('\0').filter((f) => f !== '' && f !== REFERENCE);
}

/** Every file `npm run docs` writes, with the content it writes. */
export function renderDocs(root = ROOT): Map<string, string> {
  const blocks = renderBlocks(root);
  const files = new Map([[REFERENCE, fillBlocks(referenceTemplate(), blocks, REFERENCE)]]);
  for (const file of markdownFiles(root)) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue; // deleted in the work tree but still in the index
    }
    if (!/<!-- [a-z-]+:start -->/.test(text)) continue;
    files.set(file, fillBlocks(text, blocks, file));
  }
  return files;
}

/** Files whose content on disk differs from what `npm run docs` writes. */
export function staleDocs(root = ROOT): string[] {
  const stale: string[] = [];
  for (const [file, content] of renderDocs(root)) {
    let current: string | undefined;
    try {
      current = readFileSync(join(root, file), 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== content) stale.push(file);
  }
  return stale;
}

function main(args: string[]): number {
  if (args.includes('--check')) {
    const stale = staleDocs();
    for (const file of stale) console.error(`${file} is out of date: run npm run docs`);
    return stale.length ? 1 : 0;
  }
  for (const [file, content] of renderDocs()) {
    let current: string | undefined;
    try {
      current = readFileSync(join(ROOT, file), 'utf8');
    } catch {}
    if (current === content) continue;
    mkdirSync(dirname(join(ROOT, file)), { recursive: true });
    writeFileSync(join(ROOT, file), content);
    console.log(`docs: wrote ${file}`);
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exitCode = 1;
  }
}
