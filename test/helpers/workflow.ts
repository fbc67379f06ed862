// Reads a workflow's `uses: ./` step and evaluates its `with:` inputs the way Actions would for the
// few expression forms our workflows use: context paths, string literals, booleans, `||` and format().
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './run-action.js';

type Ctx = Record<string, unknown>;

interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, { steps: { id?: string; uses?: string; with?: Record<string, unknown> }[] }>;
}

export function actionStepInputs(file: string, stepId: string, ctx: Ctx): Record<string, string> {
  const wf = parse(readFileSync(join(REPO_ROOT, '.github/workflows', file), 'utf8')) as Workflow;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(wf.env ?? {})) env[k] = interpolate(String(v), { ...ctx, env });
  for (const job of Object.values(wf.jobs)) {
    const step = job.steps.find((s) => s.id === stepId && s.uses === './');
    if (!step) continue;
    return Object.fromEntries(
      Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), { ...ctx, env })]),
    );
  }
  throw new Error(`${file}: no "uses: ./" step with id ${stepId}`);
}

/** Expands every `${{ expr }}` of `text` in `ctx` (the forms listed at the top of this file). */
export function interpolate(text: string, ctx: Ctx): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => String(evaluate(expr.trim(), ctx) ?? ''));
}

function evaluate(expr: string, ctx: Ctx): unknown {
  const alternatives = splitTop(expr, '||');
  if (alternatives.length > 1) {
    for (const a of alternatives) {
      const v = evaluate(a.trim(), ctx);
      if (v) return v;
    }
    return evaluate(alternatives.at(-1)!.trim(), ctx);
  }
  if (/^'.*'$/.test(expr)) return expr.slice(1, -1).replace(/''/g, "'");
  if (expr === 'true' || expr === 'false') return expr === 'true';
  if (/^\d+$/.test(expr)) return Number(expr);
  const fmt = /^format\((.*)\)$/.exec(expr);
  if (fmt) {
    const [template, ...args] = splitTop(fmt[1]!, ',').map((a) => evaluate(a.trim(), ctx));
    return String(template).replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
  }
  if (/^[A-Za-z_][\w.-]*$/.test(expr)) {
    return expr.split('.').reduce<unknown>((o, k) => (o as Ctx | undefined)?.[k], ctx);
  }
  throw new Error(`expression not supported by this test helper: ${expr}`);
}

function splitTop(s: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && s.startsWith(sep, i)) {
      parts.push(s.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
