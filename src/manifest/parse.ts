// YAML → validated manifest object, with every error located at its file:line. The YAML library's
// warnings (an unknown tag, an ignored directive, a list or map used as a key) are returned as
// warnings at their line, for annotations: the library would otherwise print them on stderr, where
// nobody reading the run's annotations sees them.
import { type Document, isMap, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { InputError, InputErrors } from '../errors.js';
import { type ManifestInput, manifestSchema } from './schema.js';

export interface ParsedManifest {
  manifest: ManifestInput;
  /** Line of a job's key, by job name. */
  jobLines: Map<string, number>;
  /** Line of each job's `depends-on` entries, by job name. */
  lineOf: (path: (string | number)[]) => number | undefined;
  /** YAML warnings, each at its line: the value was still read, perhaps not as the author meant. */
  warnings: { message: string; file: string; line: number }[];
}

export function parseManifest(text: string, file: string): ParsedManifest {
  const lineCounter = new LineCounter();
  // logLevel 'error': the library reports nothing itself; its warnings are returned below.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
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
  return { manifest: result.data, jobLines, lineOf, warnings: yamlWarnings(doc, lineCounter, file) };
}

function yamlWarnings(doc: Document, lineCounter: LineCounter, file: string): ParsedManifest['warnings'] {
  const at = (offset: number) => lineCounter.linePos(offset).line;
  const out: ParsedManifest['warnings'] = doc.warnings.map((w) => {
    const line = at(w.pos[0]);
    const text = firstLine(w.message);
    if (w.code === 'TAG_RESOLVE_FAILED') {
      const tag = text.replace(/^Unresolved tag:\s*/, '');
      return {
        message: `unknown YAML tag ${tag}: the value after it is read as plain text. Fix: remove the tag (the manifest needs no YAML tags)`,
        file,
        line,
      };
    }
    if (w.code === 'BAD_DIRECTIVE')
      return { message: `YAML directive ignored (${text}). Fix: remove that line`, file, line };
    return { message: `YAML: ${text}`, file, line };
  });
  // A list or map as a key becomes its text as a key (`? [a]` → "[ a ]"): surely not what was meant.
  visit(doc, {
    Pair(_key, pair) {
      if (pair.key && !isScalar(pair.key) && typeof pair.key === 'object' && 'range' in pair.key) {
        const offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0;
        out.push({
          message:
            'a list or map used as a key is read as one text key (the list or map written out). Fix: use a plain text key',
          file,
          line: at(offset),
        });
      }
    },
  });
  return out.sort((a, b) => a.line - b.line);
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
