// The plan as a markdown table: one row per resource that changes, unchanged ones summed up.
// Names and keys may come from AWS (jobs and objects to delete): every cell is escaped.
import type { Plan } from '../plan/index.js';
import { formatBytes } from './format.js';
import { markdownText } from './untrusted.js';

const MAX_FILE_ROWS = 50;

export function planMarkdown(plan: Plan, prune: boolean): string {
  const rows: string[][] = [];
  const sm = plan.stateMachine;
  rows.push([
    'state machine',
    sm.name,
    sm.action,
    sm.reason ? `owned by ${sm.reason}` : sm.fields.join(', '),
  ]);
  const sc = plan.schedule;
  if (sc.action !== 'unchanged' || sc.desired) {
    const detail =
      sc.action === 'skip'
        ? 'a preview: set schedule-previews to schedule it'
        : sc.action === 'keep'
          ? 'no longer declared: prune deletes it'
          : sc.reason
            ? `owned by ${sc.reason}`
            : [sc.desired?.expression, ...sc.fields].filter(Boolean).join(', ');
    const action = sc.action === 'delete' && !prune ? 'keep' : sc.action;
    rows.push(['schedule', sc.groupName, action, detail]);
  }
  for (const j of plan.jobs) {
    if (j.action === 'unchanged') continue;
    // An adopted or updated job keeps what the manifest does not declare: say so next to the changes.
    const kept = j.kept?.length ? `kept: ${fieldList(j.kept)}` : '';
    const changes = j.reason
      ? `owned by ${j.reason}`
      : [fieldList(j.fields), kept].filter(Boolean).join('; ');
    rows.push(['Glue job', j.glueName, j.action, changes]);
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

/** Top-level fields first, all of them; then at most 4 arguments by name and a count of the rest. */
function fieldList(fields: string[]): string {
  const args = fields.filter((f) => f.startsWith('DefaultArguments.'));
  const top = fields.filter((f) => !f.startsWith('DefaultArguments.'));
  const shown = args.length > 4 ? [...args.slice(0, 4), `… (+${args.length - 4} arguments)`] : args;
  return [...top, ...shown].join(', ');
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
