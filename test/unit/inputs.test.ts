import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { InputErrors } from '../../src/errors.js';
import { INPUTS, parseInputs, type RawInputs } from '../../src/inputs.js';

const base = (over: Partial<RawInputs> = {}): RawInputs =>
  ({
    'aws-region': '',
    bucket: 'my-bucket',
    prefix: '',
    'name-prefix': '',
    'pipeline-file': '',
    'jobs-dir': '',
    'external-libs-dir': '',
    'data-dir': '',
    'db-dir': '',
    'role-arn': 'arn:aws:iam::111122223333:role/glue',
    'state-machine-role-arn': 'arn:aws:iam::111122223333:role/sfn',
    'glue-version': '',
    'worker-type': '',
    'number-of-workers': '',
    'default-arguments': '',
    tags: '',
    mode: '',
    'start-execution': '',
    'execution-input': '',
    'run-job': '',
    'run-job-arguments': '',
    wait: '',
    'wait-timeout-minutes': '',
    prune: '',
    'endpoint-url': '',
    ...over,
  }) as RawInputs;

const messages = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as InputErrors).errors.map((x) => x.message);
  }
  return [];
};

describe('inputs', () => {
  it('reads exactly the inputs action.yml declares, with the same defaults', () => {
    const action = parseYaml(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      inputs: Record<string, { default?: unknown; required?: boolean }>;
    };
    const declared = Object.entries(action.inputs).map(([name, i]) => [
      name,
      i.default === undefined ? undefined : String(i.default),
    ]);
    const table = Object.values(INPUTS).map((spec) => [spec.name, spec.default]);
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(table.sort(byName)).toEqual(declared.sort(byName));
    // A required input has no default to fall back on.
    for (const [name, i] of Object.entries(action.inputs)) {
      if (i.required) expect(i.default, name).toBeUndefined();
    }
  });

  it('applies the documented defaults', () => {
    const i = parseInputs(base(), { AWS_REGION: 'eu-west-1' });
    expect(i).toMatchObject({
      mode: 'deploy',
      region: 'eu-west-1',
      prefix: '',
      pipelineFile: 'glue-jobs/pipeline.yml',
      jobsDir: 'glue-jobs',
      externalLibsDir: 'external_libs',
      dataDir: 'data',
      dbDir: 'db',
      glueVersion: '5.0',
      workerType: 'G.1X',
      numberOfWorkers: 2,
      startExecution: false,
      wait: true,
      waitTimeoutMinutes: 60,
      prune: false,
      executionInput: '{}',
    });
  });

  it('adds the trailing slash to a prefix and parses maps from YAML or JSON', () => {
    const i = parseInputs(
      base({ prefix: 'previews/pr-7', tags: 'team: data\ncost: 12', 'default-arguments': '{"--A": "1"}' }),
      { AWS_REGION: 'x' },
    );
    expect(i.prefix).toBe('previews/pr-7/');
    expect(i.tags).toEqual({ team: 'data', cost: '12' });
    expect(i.defaultArguments).toEqual({ '--A': '1' });
  });

  it('refuses a map input with a YAML tag or directive, printing nothing on stderr', () => {
    const printed: string[] = [];
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation((w) => {
      printed.push(String(w));
    });
    let errs: string[];
    try {
      errs = messages(() =>
        parseInputs(base({ tags: '{team: !secret data}', 'default-arguments': '%FOO\n---\n{"--A": "1"}' }), {
          AWS_REGION: 'x',
        }),
      );
    } finally {
      emit.mockRestore();
    }
    expect(printed).toEqual([]);
    expect(errs).toEqual([
      expect.stringMatching(/default-arguments: is not a YAML\/JSON map \(Unknown directive %FOO/),
      expect.stringMatching(/tags: is not a YAML\/JSON map \(Unresolved tag: !secret/),
    ]);
  });

  it('reports every bad input at once, naming it and the fix', () => {
    const errs = messages(() =>
      parseInputs(
        base({
          bucket: 's3://Bad',
          mode: 'apply',
          wait: 'maybe',
          'execution-input': '{nope',
          'role-arn': 'glue-role',
        }),
        {},
      ),
    );
    expect(errs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/mode: "apply" is not a mode/),
        expect.stringMatching(/aws-region: no region/),
        expect.stringMatching(/bucket: "s3:\/\/Bad" is not a valid bucket name/),
        expect.stringMatching(/wait: "maybe" is not a boolean/),
        expect.stringMatching(/execution-input: is not valid JSON/),
        expect.stringMatching(/role-arn: "glue-role" must be an IAM role ARN/),
      ]),
    );
  });

  it('role ARNs are required to deploy, not to plan or destroy', () => {
    const noRoles = { 'role-arn': '', 'state-machine-role-arn': '' };
    expect(messages(() => parseInputs(base(noRoles), { AWS_REGION: 'x' }))).toHaveLength(2);
    expect(parseInputs(base({ ...noRoles, mode: 'plan' }), { AWS_REGION: 'x' }).roleArn).toBeUndefined();
    expect(parseInputs(base({ ...noRoles, mode: 'destroy' }), { AWS_REGION: 'x' }).mode).toBe('destroy');
  });
});
