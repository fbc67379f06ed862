// Property-based fuzzing (fast-check) of what a user controls: the manifest and the action inputs.
// Whatever the text, loading it either gives a pipeline whose desired resources can be built, or
// fails with input errors that become `::error` annotations: never another exception, never a stack
// trace in the log. (No AWS client is reachable from these functions; the end-to-end twin,
// test/e2e/fuzz.test.ts, checks through the built action that a bad manifest sends no write.)
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { InputError, InputErrors } from '../../src/errors.js';
import { parseInputs, type RawInputs } from '../../src/inputs.js';
import { loadPipeline } from '../../src/manifest/index.js';
import { loadPipelineName } from '../../src/manifest/name.js';
import { STATE_MACHINE_NAME_CHARS } from '../../src/manifest/schema.js';
import { desiredResources } from '../../src/plan/desired.js';
import { reportFailure } from '../../src/report/outputs.js';
import { manifestText } from '../helpers/fixture.js';

// CI runs one fixed seed, so a landing never depends on chance; elsewhere every run explores new
// cases (a failure prints its seed: FUZZ_SEED=<seed> replays it).
const FUZZ_SEED = process.env.FUZZ_SEED ?? (process.env.CI ? '20261201' : undefined);
if (FUZZ_SEED !== undefined) fc.configureGlobal({ seed: Number(FUZZ_SEED) });

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const JOBS = ['extract', 'stage', 'publish'];

/** A repository with a script per job in JOBS; the manifest is rewritten for each case. */
const root = mkdtempSync(join(tmpdir(), 'fuzz-repo-'));
mkdirSync(join(root, 'glue-jobs'), { recursive: true });
for (const j of JOBS) writeFileSync(join(root, `glue-jobs/${j}.py`), 'print(1)\n');

let out: string[] = [];
beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  process.exitCode = undefined;
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

/** The error ends as annotations only: `::error` lines, no stack trace, nothing else thrown. */
function expectAnnotated(error: unknown): void {
  if (!(error instanceof InputError || error instanceof InputErrors)) throw error;
  out = [];
  reportFailure(error);
  const log = out.join('');
  expect(log).toMatch(/^::error/m);
  expect(log).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(log).not.toMatch(/%0A\s+at /);
}

function load(text: string) {
  writeFileSync(join(root, 'glue-jobs/pipeline.yml'), text);
  return loadPipeline('glue-jobs/pipeline.yml', {
    root,
    jobsDir: 'glue-jobs',
    namePrefix: 'pr1-',
    defaultName: 'repo',
    inputDefaults: { glueVersion: '5.0', workerType: 'G.1X', numberOfWorkers: 2, arguments: {} },
    placeholders: {
      bucket: 'b',
      prefix: 'p/',
      region: 'us-east-1',
      account: '123456789012',
      'name-prefix': 'pr1-',
    },
  });
}

/** Load, and for a valid manifest also build the complete desired resources (ASL included). */
function check(text: string): void {
  let pipeline: ReturnType<typeof load>;
  try {
    pipeline = load(text);
  } catch (e) {
    expectAnnotated(e);
    return;
  }
  // A manifest that loads gives names AWS accepts (a NUL in `name` once got through to the writes).
  expect(STATE_MACHINE_NAME_CHARS.test(pipeline.stateMachineName)).toBe(true);
  desiredResources(pipeline, {
    location: { bucket: 'b', prefix: 'p/' },
    roleArn: 'arn:aws:iam::123456789012:role/g',
    stateMachineRoleArn: 'arn:aws:iam::123456789012:role/s',
    userTags: {},
  });
  // Destroy reads only the name of any manifest that loads.
  expect(loadPipelineName('glue-jobs/pipeline.yml', { root, defaultName: 'repo' })).toBe(pipeline.name);
}

/** Values a manifest key might hold, right or wrong. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 2000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('5.0', 4, '9.9', 'G.1X', 'G.8X', 'Z.2X', 'FLEX', 'STANDARD', 'extract', '--X', 'a,b'),
  fc.array(fc.constantFrom(...JOBS, 'ghost', '', 1), { maxLength: 4 }),
  fc.dictionary(
    fc.constantFrom('--A', '--B', 'C', '--TempDir'),
    fc.oneof(fc.string({ maxLength: 6 }), fc.integer()),
  ),
);
const settingKeys = [
  'description',
  'glue-version',
  'worker-type',
  'number-of-workers',
  'timeout',
  'max-retries',
  'execution-class',
  'additional-python-modules',
  'arguments',
  'expected-minutes',
  'unknown-key',
] as const;
const settings = fc.dictionary(fc.constantFrom(...settingKeys), anyValue, { maxKeys: 5 });
const job = fc.oneof(
  fc.constant(null),
  fc
    .record(
      {
        'depends-on': fc.oneof(fc.array(fc.constantFrom(...JOBS, 'ghost'), { maxLength: 3 }), anyValue),
        script: fc.oneof(
          fc.constantFrom(...JOBS.map((j) => `glue-jobs/${j}.py`), 'missing.py', '../x.py'),
          anyValue,
        ),
      },
      { requiredKeys: [] },
    )
    .chain((base) => settings.map((s) => ({ ...s, ...base }))),
  anyValue,
);
const manifest = fc.record(
  {
    name: fc.oneof(fc.constantFrom('compras', 'a b', 'x'.repeat(81), ''), anyValue),
    defaults: fc.oneof(settings, anyValue),
    jobs: fc.oneof(
      fc.dictionary(fc.constantFrom(...JOBS, 'bad name', 'ghost', 'x'.repeat(81)), job, { maxKeys: 4 }),
      anyValue,
    ),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

describe('fuzzed manifests', () => {
  it('structured manifests: a pipeline, or annotations only', () => {
    fc.assert(
      fc.property(manifest, (m) => check(stringify(m))),
      { numRuns: RUNS },
    );
  });

  it('arbitrary text and mutations of a real manifest: a pipeline, or annotations only', () => {
    const base = manifestText(Object.fromEntries(JOBS.map((j, i) => [j, i ? [JOBS[i - 1]!] : []])));
    const mutated = fc
      .tuple(fc.nat(base.length), fc.nat(20), fc.string({ maxLength: 8, unit: 'binary' }))
      .map(([at, cut, insert]) => base.slice(0, at) + insert + base.slice(at + cut));
    fc.assert(fc.property(fc.oneof(mutated, fc.string({ maxLength: 200, unit: 'binary' })), check), {
      numRuns: RUNS,
    });
  });
});

describe('fuzzed inputs', () => {
  const names = [
    'mode',
    'aws-region',
    'bucket',
    'prefix',
    'name-prefix',
    'role-arn',
    'state-machine-role-arn',
    'number-of-workers',
    'default-arguments',
    'tags',
    'start-execution',
    'execution-input',
    'run-job-arguments',
    'wait',
    'wait-timeout-minutes',
    'prune',
    'endpoint-url',
    'aws-timeout-seconds',
    'stop-on-timeout',
    'lock-wait-minutes',
    'open-pull-requests',
  ];
  const value = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      'deploy',
      'plan',
      'destroy',
      'sweep',
      'true',
      'no',
      '0',
      '-1',
      '1e400',
      'NaN',
      '[1, 2]',
      '[]',
    ),
    fc.constantFrom(
      '{"--A": "1"}',
      '{A: 1}',
      '- x',
      'null',
      '[0]',
      '["3"]',
      'http://127.0.0.1:1',
      'my-bucket',
    ),
    fc.constant('arn:aws:iam::123456789012:role/r'),
  );
  const raw = fc.dictionary(fc.constantFrom(...names), value) as fc.Arbitrary<RawInputs>;

  it('any raw inputs: parsed, or annotations only', () => {
    fc.assert(
      fc.property(raw, fc.constantFrom('', 'eu-west-1'), (r, region) => {
        try {
          const inputs = parseInputs(r, { AWS_REGION: region });
          expect(inputs.awsTimeoutSeconds).toBeGreaterThan(0);
          if (inputs.mode === 'sweep') expect(Array.isArray(inputs.openPullRequests)).toBe(true);
        } catch (e) {
          expectAnnotated(e);
        }
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
