// `npm run docs` (scripts/docs.ts): the committed docs are what the script writes, the tables follow
// action.yml and the manifest schema, and a manifest key without a description stops the script.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  fillBlocks,
  inputsTable,
  MANIFEST_SCHEMA,
  manifestReference,
  outputsTable,
  REFERENCE,
  ROOT,
  renderBlocks,
  renderDocs,
  staleDocs,
} from '../../scripts/docs.js';

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));

/** First-column names of a generated markdown table. */
const names = (table: string) => [...table.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);

/** The manifest schema with `change` applied to the job object (defaults keep pace). */
function withJob(change: (job: z.ZodObject) => z.ZodObject) {
  const jobs = MANIFEST_SCHEMA.shape.jobs;
  const job = change(jobs.valueType.unwrap() as unknown as z.ZodObject);
  const defaults = change(MANIFEST_SCHEMA.shape.defaults.unwrap() as unknown as z.ZodObject);
  return z.strictObject({
    ...MANIFEST_SCHEMA.shape,
    defaults: defaults.optional(),
    jobs: z.record(jobs.keyType, job.nullable()),
  });
}

describe('npm run docs', () => {
  it('wrote the committed docs (run `npm run docs` after changing action.yml or the manifest schema)', () => {
    expect(staleDocs()).toEqual([]);
    expect(renderDocs().has(REFERENCE)).toBe(true);
  });

  it('lists every input with required and default as action.yml declares them, in its order', () => {
    const table = inputsTable(action);
    expect(names(table)).toEqual(Object.keys(action.inputs));
    for (const [name, spec] of Object.entries(action.inputs) as [string, Record<string, unknown>][]) {
      const row = table.split('\n').find((l) => l.startsWith(`| \`${name}\` |`))!;
      const [, required, fallback] = row.split(' | ');
      expect(required, name).toBe(spec.required ? 'yes' : 'no');
      if (!spec.required) expect(fallback, name).toBe(`\`${spec.default || '""'}\``);
    }
    expect(names(outputsTable(action))).toEqual(Object.keys(action.outputs));
  });

  it('documents every manifest key the schema accepts, with its type from the schema', () => {
    const doc = manifestReference();
    expect(names(doc)).toEqual([
      ...Object.keys(MANIFEST_SCHEMA.shape),
      ...Object.keys(MANIFEST_SCHEMA.shape.jobs.valueType.unwrap().shape),
    ]);
    expect(doc).toMatch(/^\| `number-of-workers` \| yes \| integer, 2–1000 \|/m);
    expect(doc).toMatch(/^\| `execution-class` \| yes \| `STANDARD` or `FLEX` \|/m);
    expect(doc).toMatch(/^\| `script` \| no \| non-empty string \|/m);
  });

  it('refuses a manifest key that has no description, and uses the schema description when there is one', () => {
    const undocumented = withJob((job) => job.extend({ 'retry-delay': z.number().int().optional() }));
    expect(() => manifestReference(undocumented)).toThrow(/manifest key "retry-delay" has no description/);
    const documented = withJob((job) =>
      job.extend({ 'retry-delay': z.number().int().min(0).optional().describe('Seconds between retries.') }),
    );
    expect(manifestReference(documented)).toMatch(
      /^\| `retry-delay` \| yes \| integer, ≥ 0 \| Seconds between retries\. \|$/m,
    );
    const topLevel = MANIFEST_SCHEMA.extend({ owner: z.string().optional() });
    expect(() => manifestReference(topLevel)).toThrow(/manifest key "owner" has no description/);
  });

  it('refuses a description of a key the schema no longer has', () => {
    const withoutTimeout = withJob((job) => job.omit({ timeout: true }));
    expect(() => manifestReference(withoutTimeout)).toThrow(
      /describes "timeout", which the manifest schema does not have/,
    );
  });
});

describe('generated blocks in other markdown files', () => {
  const blocks = { inputs: 'INPUTS', outputs: 'OUTPUTS', manifest: 'MANIFEST' };

  it('rewrites only the text between the markers, and again gives the same text', () => {
    const text = '# Doc\n\nbefore\n<!-- inputs:start -->\nold table\n<!-- inputs:end -->\nafter\n';
    const filled = fillBlocks(text, blocks, 'doc.md');
    expect(filled).toBe('# Doc\n\nbefore\n<!-- inputs:start -->\nINPUTS\n<!-- inputs:end -->\nafter\n');
    expect(fillBlocks(filled, blocks, 'doc.md')).toBe(filled);
  });

  it('names the file and line of an unknown or unclosed block', () => {
    expect(() => fillBlocks('a\n<!-- secrets:start --><!-- secrets:end -->', blocks, 'x.md')).toThrow(
      /^x\.md:2: unknown generated block "secrets"/,
    );
    expect(() => fillBlocks('a\nb\n<!-- outputs:start -->\n', blocks, 'x.md')).toThrow(
      /^x\.md:3: "outputs:start" has no "outputs:end"/,
    );
    expect(() => fillBlocks('<!-- inputs:end -->', blocks, 'x.md')).toThrow(/^x\.md:1: "inputs:end" without/);
  });

  it('finds stale files in a repository, and none once they are written', () => {
    const root = mkdtempSync(join(tmpdir(), 'gpd-docs-'));
    try {
      execFileSync('git', ['init', '-q', root]);
      writeFileSync(join(root, 'action.yml'), readFileSync(join(ROOT, 'action.yml')));
      mkdirSync(join(root, 'guide'));
      writeFileSync(
        join(root, 'guide', 'use.md'),
        'Outputs:\n<!-- outputs:start -->\n| stale |\n<!-- outputs:end -->\n',
      );
      writeFileSync(join(root, 'notes.md'), 'no generated block here\n');
      expect(staleDocs(root).sort()).toEqual([REFERENCE, 'guide/use.md']);
      for (const [file, content] of renderDocs(root)) {
        mkdirSync(join(root, file, '..'), { recursive: true });
        writeFileSync(join(root, file), content);
      }
      expect(staleDocs(root)).toEqual([]);
      expect(readFileSync(join(root, 'guide', 'use.md'), 'utf8')).toContain(renderBlocks(root).outputs);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
