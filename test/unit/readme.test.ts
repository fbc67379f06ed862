// The README is the users' page: it opens with the two commands, its input and output tables are the
// generated ones (docs.test.ts checks they are fresh), it names every manifest key, and it stays short.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jobSchema, manifestSchema } from '../../src/manifest/schema.js';
import { REPO_ROOT } from '../helpers/run-action.js';

interface ActionYml {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml;
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The text between a generated block's markers. */
function block(name: string): string {
  const m = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(readme);
  return m?.[1] ?? '';
}

/** Names in the first column of a markdown table: | `name` | ... */
const firstColumn = (text: string) => [...text.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]!);

describe('README', () => {
  it('opens with the two commands: the demo on the embedded AWS, and the whole test suite', () => {
    const first = /```bash\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(readme.indexOf('```bash')).toBeLessThan(1000);
    expect(
      first
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('#')[0]!.trim()),
    ).toEqual(['npm run demo', 'npm test']);
  });

  it('runs on node24 from dist/index.js', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('holds the generated inputs and outputs tables, one row per name of action.yml', () => {
    expect(firstColumn(block('inputs'))).toEqual(Object.keys(action.inputs));
    expect(firstColumn(block('outputs'))).toEqual(Object.keys(action.outputs));
  });

  it('names every manifest key', () => {
    const keys = [...Object.keys(manifestSchema.shape), ...Object.keys(jobSchema.shape)].filter(
      (k) => k !== 'jobs' && k !== 'defaults',
    );
    const missing = keys.filter((k) => !readme.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });

  it('deploys the bootstrap through S3 when the template is over the inline limit', () => {
    const size = readFileSync(join(REPO_ROOT, 'infra/bootstrap.yml')).length;
    for (const doc of ['README.md', 'infra/README.md']) {
      const text = readFileSync(join(REPO_ROOT, doc), 'utf8');
      const deploy = /aws cloudformation deploy[^`]*?--parameter-overrides/s.exec(text)?.[0] ?? '';
      expect(deploy, doc).not.toBe('');
      // CloudFormation takes at most 51,200 bytes inline; past that the CLI must upload it.
      if (size > 51_200) expect(deploy, doc).toContain('--s3-bucket');
    }
  });

  it('stays a short page for users (about 18 KB at most)', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(19_000);
  });
});
