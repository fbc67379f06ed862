// Which values are secrets, and that every write of report/ replaces them by ***.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPipeline } from '../../src/manifest/index.js';
import { isSecretArgument, pipelineSecretValues, runSecretValues } from '../../src/manifest/secrets.js';
import { clearSecrets, maskSecrets, redact } from '../../src/report/secrets.js';

afterEach(() => {
  clearSecrets();
  vi.restoreAllMocks();
});

function pipelineFrom(manifest: string, inputArguments: Record<string, string> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'secrets-'));
  mkdirSync(join(root, 'glue-jobs'));
  for (const s of ['a.py', 'b.py']) writeFileSync(join(root, 'glue-jobs', s), 'print(1)\n');
  writeFileSync(join(root, 'glue-jobs/pipeline.yml'), manifest);
  return loadPipeline('glue-jobs/pipeline.yml', {
    root,
    jobsDir: 'glue-jobs',
    namePrefix: '',
    defaultName: 'repo',
    inputDefaults: { glueVersion: '5.0', workerType: 'G.1X', numberOfWorkers: 2, arguments: inputArguments },
    placeholders: { bucket: 'b', prefix: '', region: 'r', 'name-prefix': '', account: undefined },
  });
}

describe('secret arguments', () => {
  it('are the marked ones and those named *PASSWORD*, *SECRET*, *TOKEN* in any case', () => {
    for (const n of ['--DB_PASSWORD', '--client_secret', '--api-Token', '--PASSWORDS'])
      expect(isSecretArgument(n), n).toBe(true);
    for (const n of ['--USER', '--TOKE', '--SOURCE_PATH']) expect(isSecretArgument(n), n).toBe(false);
    expect(isSecretArgument('--DSN', ['--DSN'])).toBe(true);
  });

  it('take the values marked in defaults and in each job, and named ones from the inputs', () => {
    const p = pipelineFrom(
      [
        'defaults:',
        '  secret-arguments: [--DSN]',
        '  arguments: {--DSN: "postgres://u:p4ss@h/db", --PLAIN: visible-value}',
        'jobs:',
        '  a:',
        '    secret-arguments: [--KEY]',
        '    arguments: {--KEY: key-of-a}',
        '  b:',
        '    arguments: {--KEY: key-of-b}',
      ].join('\n'),
      { '--DB_PASSWORD': 'hunter22' },
    );
    expect(p.jobs.find((j) => j.name === 'a')!.secretArguments).toEqual(['--DSN', '--KEY']);
    const values = pipelineSecretValues(p);
    expect(new Set(values)).toEqual(new Set(['postgres://u:p4ss@h/db', 'key-of-a', 'hunter22']));
    expect(values).not.toContain('key-of-b');
    expect(values).not.toContain('visible-value');
  });

  it('include the execution input (whole and its strings) and every run-job argument value', () => {
    const v = runSecretValues({
      executionInput: '{"date": "2024-01-01", "nested": {"token": "abc-123"}}',
      runJobArguments: { '--SAMPLE': 'sample-value' },
      defaultArguments: { '--API_TOKEN': 'tok-value', '--REGION_NAME': 'eu' },
    });
    expect(v).toEqual(expect.arrayContaining(['sample-value', '2024-01-01', 'abc-123', 'tok-value']));
    expect(v).not.toContain('eu');
    expect(runSecretValues({ executionInput: '{}', runJobArguments: {}, defaultArguments: {} })).toEqual([]);
  });
});

describe('masking', () => {
  it('tells the runner (add-mask) and replaces the values, longest first, in what report/ writes', async () => {
    const writes: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      writes.push(String(s));
      return true;
    });
    maskSecrets(['p4ss', 'p4ssword-long', 'ab', 'line one\nline two']);
    expect(writes.join('')).toContain('::add-mask::p4ssword-long');
    expect(writes.join('')).not.toContain('::add-mask::ab\n');
    expect(redact('x p4ssword-long y p4ss z ab')).toBe('x *** y *** z ab');
    expect(redact('…line two…')).toBe('…***…');
    const out = await import('../../src/report/write.js');
    writes.length = 0;
    out.info('the password is p4ss');
    out.untrusted(['log: p4ss', '::error::p4ss']);
    out.error('failed with p4ss', { title: 'job p4ss' });
    expect(writes.join('')).not.toContain('p4ss');
    expect(writes.join('')).toContain('the password is ***');
  });
});
