// The plan as a markdown table: one row per resource that changes, unchanged ones summed up.
// Names and keys may come from AWS (jobs and objects to delete): every cell is escaped.
import type { Plan } from '../plan/index.js';
import { formatBytes } from './format.js';
import { markdownText } from './untrusted.js';

const MAX_FILE_ROWS = 50;

export function planMarkdown(plan: Plan, prune: boolean): string {
  const rows: string[][] = [];
  const sm = plan.stateMachine;
  rows.push(['state machine', sm.name, sm.action, sm.fields.join(', ')]);
  for (const j of plan.jobs) {
    if (j.action !== 'unchanged') rows.push(['Glue job', j.glueName, j.action, fieldList(j.fields)]);
  }
  const unchangedJobs = plan.jobs.filter((j) => j.action === 'unchanged').length;
  if (unchangedJobs > 0) rows.push(['Glue job', `${unchangedJobs} job(s)`, 'unchanged', '']);

  const changedFiles = plan.sync.files.filter((f) => f.action !== 'unchanged');
  for (const f of changedFiles.slice(0, MAX_FILE_ROWS)) {
    rows.push([
      'S3 object',
      code(f.key),
      f.action,
      `${formatBytes(f.size)}${f.reason ? `; ${f.reason}` : ''}`,
    ]);
  }
  if (changedFiles.length > MAX_FILE_ROWS) {
    rows.push(['S3 object', `… ${changedFiles.length - MAX_FILE_ROWS} more`, 'create/update', '']);
  }
  for (const o of plan.sync.orphans) {
    const action = prune && o.deletable ? 'delete' : 'keep (not declared)';
    rows.push(['S3 object', code(o.key), action, o.reason]);
  }
  const unchangedFiles = plan.sync.files.length - changedFiles.length;
  if (unchangedFiles > 0) rows.push(['S3 object', `${unchangedFiles} file(s)`, 'unchanged', '']);

  const header = '| resource | name | action | changes |\n|---|---|---|---|';
  return `${header}\n${rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`).join('\n')}`;
}

function fieldList(fields: string[]): string {
  return fields.length > 6 ? `${fields.slice(0, 6).join(', ')} … (+${fields.length - 6})` : fields.join(', ');
}

/** A code span: marked so that escapeCell keeps it (a code span shows its content as is). */
const CODE = '\u0000code\u0000';

function code(s: string): string {
  return `${CODE}${s}`;
}

function escapeCell(s: string): string {
  if (!s.startsWith(CODE)) return markdownText(s);
  const text = s.slice(CODE.length).replace(/[`\r\n]/g, (c) => (c === '`' ? "'" : ' '));
  return `\`${text.replace(/\|/g, '\\|')}\``;
}
