// The README's input and output tables must say what action.yml declares: same names, same defaults.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/run-action.js';

interface ActionYml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml;
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** Rows of the markdown table under a `### <title>` heading: first cell (backticks stripped) → cells. */
function table(title: string): Map<string, string[]> {
  const section = readme.split(`### ${title}\n`)[1]?.split('\n### ')[0] ?? '';
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const m = /^\| `([a-z-]+)` \|(.*)\|$/.exec(line);
    if (m)
      rows.set(
        m[1]!,
        m[2]!.split('|').map((c) => c.trim()),
      );
  }
  return rows;
}

describe('README documents action.yml', () => {
  it('runs on node24 from dist/index.js', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('lists every input with its default', () => {
    const rows = table('Inputs');
    expect([...rows.keys()].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, spec] of Object.entries(action.inputs)) {
      const documented = rows.get(name)![0]!;
      if (spec.required) expect(documented, name).toBe('required');
      else if (documented === '`$AWS_REGION`') expect(spec.default, name).toBe('');
      else expect(documented.replace(/^`|`$/g, '').replace(/^""$/, ''), name).toBe(spec.default ?? '');
    }
  });

  it('lists every output', () => {
    expect([...table('Outputs').keys()].sort()).toEqual(Object.keys(action.outputs).sort());
  });
});
