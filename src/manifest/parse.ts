// YAML → validated manifest object, with every error located at its file:line.
import { type Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError, InputErrors } from '../errors.js';
import { type ManifestInput, manifestSchema } from './schema.js';

export interface ParsedManifest {
  manifest: ManifestInput;
  /** Line of a job's key, by job name. */
  jobLines: Map<string, number>;
  /** Line of each job's `depends-on` entries, by job name. */
  lineOf: (path: (string | number)[]) => number | undefined;
}

export function parseManifest(text: string, file: string): ParsedManifest {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new InputErrors(
      doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return new InputError(
          `YAML syntax error: ${firstLine(e.message)}`,
          { file, line, col },
          'fix the YAML syntax at that line (indentation, quotes, ":" after each key)',
        );
      }),
    );
  }
  const lineOf = (path: (string | number)[]): number | undefined => locate(doc, lineCounter, path);
  const result = manifestSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    throw new InputErrors(result.error.issues.map((issue) => issueToError(issue, file, lineOf)));
  }
  const jobLines = new Map<string, number>();
  for (const name of Object.keys(result.data.jobs)) {
    const line = lineOf(['jobs', name]);
    if (line !== undefined) jobLines.set(name, line);
  }
  return { manifest: result.data, jobLines, lineOf };
}

function issueToError(
  issue: z.core.$ZodIssue,
  file: string,
  lineOf: (path: (string | number)[]) => number | undefined,
): InputError {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const where = path.length > 0 ? path.join('.') : 'the top level';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    const allowed = allowedKeys(path);
    return new InputError(
      `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} in ${where}`,
      { file, line: lineOf([...path, keys[0]!]) ?? lineOf(path) },
      `remove or rename it; allowed keys here: ${allowed.join(', ')}`,
    );
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return new InputError(
      `missing required key "${path.at(-1)}"`,
      { file, line: lineOf(path.slice(0, -1)) },
      `add "${path.at(-1)}:" to ${path.slice(0, -1).join('.') || 'the manifest'}`,
    );
  }
  return new InputError(
    `${where}: ${issue.message}`,
    { file, line: lineOf(path) ?? lineOf(path.slice(0, -1)) },
    'see the manifest reference in the README',
  );
}

function allowedKeys(path: (string | number)[]): string[] {
  const shape =
    path.length === 0
      ? manifestSchema.shape
      : path[0] === 'defaults'
        ? manifestSchema.shape.defaults.unwrap().shape
        : path[0] === 'notify'
          ? manifestSchema.shape.notify.unwrap().shape
          : manifestSchema.shape.jobs.valueType.unwrap().shape;
  return Object.keys(shape);
}

/** 1-based line of the key (for map entries) or node at `path`. */
function locate(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return undefined;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
    } else if (node && typeof node === 'object' && 'items' in node && typeof step === 'number') {
      const item = (node as { items: unknown[] }).items[step] as
        | { range?: [number, number, number] }
        | undefined;
      if (!item) return undefined;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return undefined;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
