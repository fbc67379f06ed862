// The pipeline's name alone, for teardown: destroy must work when the rest of the manifest no longer
// does (a deleted script, a missing role ARN, a key this version does not know). Only the YAML
// syntax and the `name` key are read; everything else in the file is ignored.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { InputError, InputErrors } from '../errors.js';
import { stateMachineName } from './schema.js';

export function loadPipelineName(pipelineFile: string, ctx: { root: string; defaultName: string }): string {
  const path = join(ctx.root, pipelineFile);
  if (!existsSync(path)) return ctx.defaultName;
  const lineCounter = new LineCounter();
  const doc = parseDocument(readFileSync(path, 'utf8'), { lineCounter, prettyErrors: false });
  const fail = (message: string, pos: number | undefined, fix: string) => {
    const where = pos === undefined ? {} : lineCounter.linePos(pos);
    throw new InputErrors([new InputError(message, { file: pipelineFile, ...where }, fix)]);
  };
  if (doc.errors.length > 0) {
    fail(
      `YAML syntax error: ${doc.errors[0]!.message.split('\n')[0]}`,
      doc.errors[0]!.pos[0],
      "destroy reads only the manifest's name, but the file must still be YAML: fix that line",
    );
  }
  if (!isMap(doc.contents)) return ctx.defaultName;
  const node = doc.contents.items.find((p) => (p.key as { value?: unknown })?.value === 'name');
  if (!node) return ctx.defaultName;
  const value = (node.value as { value?: unknown; range?: [number] } | null)?.value;
  const r = stateMachineName.safeParse(value);
  if (!r.success) {
    fail(
      `name: ${JSON.stringify(value) ?? 'empty'} is not a state machine name`,
      (node.value as { range?: [number] } | null)?.range?.[0],
      'use letters, digits, "-" and "_" only (1-80 characters)',
    );
  }
  return r.data as string;
}
