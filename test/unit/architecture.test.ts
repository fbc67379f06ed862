// The shape of src/, checked on the sources so it keeps holding: dependencies between folders run
// one way (no cycle), only main.ts sees the action's whole `Inputs`, and the AWS SDK's commands are
// sent only from each folder's AWS-facing file (aws.ts, aws-*.ts) or made in aws/clients.ts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findCycle } from '../../src/manifest/graph.js';
import { sourceFiles } from '../helpers/sources.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

interface Import {
  specifier: string;
  /** `import type …`, or every named specifier marked `type`. */
  typeOnly: boolean;
  names: string[];
}

/** Imports (static and `import('…')`) and re-exports of one file (biome writes them with single quotes). */
function importsOf(text: string): Import[] {
  const out: Import[] = [];
  const re = /^(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'/gms;
  for (const m of text.matchAll(re)) {
    const clause = m[3]!;
    const names = [...clause.matchAll(/(?:^|[{,])\s*(type\s+)?(\w+)/g)].map(
      (n) => `${n[1] ? 'type ' : ''}${n[2]}`,
    );
    const braced = /^\{[\s\S]*\}$/.test(clause.trim());
    const typeOnly =
      Boolean(m[2]) || (braced && names.length > 0 && names.every((n) => n.startsWith('type ')));
    out.push({ specifier: m[4]!, typeOnly, names: names.map((n) => n.replace(/^type /, '')) });
  }
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) {
    out.push({ specifier: m[1]!, typeOnly: false, names: [] });
  }
  return out;
}

/** The node a file belongs to: its top folder under src/, or the file itself at the top level. */
const nodeOf = (file: string) => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 ? `${rel[0]}/` : rel[0]!;
};

const files = sourceFiles(SRC).map((file) => ({ file, imports: importsOf(readFileSync(file, 'utf8')) }));
const local = (file: string, specifier: string) =>
  path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts');

describe('src/ architecture', () => {
  it('reads the imports of the sources (the checks below see something)', () => {
    const main = files.find((f) => f.file === path.join(SRC, 'main.ts'))!;
    expect(main.imports.map((i) => i.specifier)).toContain('./inputs.js');
    expect(importsOf("import { type A, B } from './x.js';\nimport type { C } from './y.js';")).toEqual([
      { specifier: './x.js', typeOnly: false, names: ['A', 'B'] },
      { specifier: './y.js', typeOnly: true, names: ['C'] },
    ]);
    expect(
      findCycle(
        new Map([
          ['a/', ['b/']],
          ['b/', ['a/']],
        ]),
      ),
    ).toHaveLength(3);
  });

  it('has no cycle between folders (nor between a folder and a top-level module)', () => {
    const edges = new Map<string, string[]>(files.map(({ file }) => [nodeOf(file), []]));
    for (const { file, imports } of files) {
      for (const i of imports) {
        if (!i.specifier.startsWith('.')) continue;
        const to = nodeOf(local(file, i.specifier));
        if (to !== nodeOf(file)) edges.get(nodeOf(file))!.push(to);
      }
    }
    expect([...edges.values()].flat().length).toBeGreaterThan(20);
    expect(findCycle(edges)).toBeUndefined();
  });

  it('lets only main.ts import inputs.ts, and nothing import main.ts but index.ts', () => {
    const importers = (target: string) =>
      files
        .filter(({ file, imports }) =>
          imports.some(
            (i) => i.specifier.startsWith('.') && local(file, i.specifier) === path.join(SRC, target),
          ),
        )
        .map(({ file }) => path.relative(SRC, file));
    expect(importers('inputs.ts')).toEqual(['main.ts']);
    expect(importers('main.ts')).toEqual(['index.ts']);
  });

  it('sends AWS SDK commands only from aws.ts / aws-*.ts files (clients are made in aws/clients.ts)', () => {
    const offenders = files
      .filter(({ file }) => !/^aws(-[\w-]+)?\.ts$/.test(path.basename(file)))
      .filter(({ file }) => path.relative(SRC, file) !== path.join('aws', 'clients.ts'))
      .filter(({ imports }) => imports.some((i) => i.specifier.startsWith('@aws-sdk/client-') && !i.typeOnly))
      .map(({ file }) => path.relative(SRC, file));
    expect(offenders).toEqual([]);
    const awsFiles = files
      .filter(({ file }) => path.basename(file).startsWith('aws'))
      .map((f) => nodeOf(f.file));
    expect(new Set(awsFiles)).toEqual(
      new Set(['glue/', 'state-machine/', 's3-sync/', 'run/', 'lock/', 'destroy/', 'schedule/', 'aws/']),
    );
  });
});
