// EventBridge Scheduler expressions the manifest's `schedule` accepts: `rate(<n> <unit>)` and
// `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)` (UTC unless a time zone is
// set on the schedule). Checked before any write, so a typo fails the step at its line instead of
// CreateSchedule half-way through a deploy. Pure.

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]*)\)$/;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface Field {
  name: string;
  min: number;
  max: number;
  /** Names allowed for values (months, days). */
  names?: string[];
  /** Extra single tokens or suffixes the field takes: ?, L, W, #. */
  question?: boolean;
  last?: boolean;
  weekday?: boolean;
  nth?: boolean;
}

const FIELDS: Field[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true, last: true, weekday: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, question: true, last: true, nth: true },
  { name: 'year', min: 1970, max: 2199 },
];

/** What is wrong with a schedule expression, or undefined when it is one EventBridge Scheduler takes. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!;
    if (n < 1) return 'a rate must be at least 1';
    if (n === 1 && unit.endsWith('s')) return `write rate(1 ${unit.slice(0, -1)})`;
    if (n > 1 && !unit.endsWith('s')) return `write rate(${n} ${unit}s)`;
    return undefined;
  }
  if (expression.startsWith('rate(')) return 'a rate is rate(<number> minute(s)|hour(s)|day(s))';
  const cron = CRON.exec(expression);
  if (!cron)
    return 'use cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) or rate(<n> <unit>)';
  const parts = cron[1]!.trim().split(/\s+/);
  if (parts.length !== 6)
    return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${parts.length}`;
  for (const [i, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[i]!, field);
    if (problem) return `${field.name} "${parts[i]}": ${problem}`;
  }
  const [dom, dow] = [parts[2]!, parts[4]!];
  if ((dom === '?') === (dow === '?'))
    return 'exactly one of day-of-month and day-of-week must be "?" (e.g. cron(0 3 * * ? *))';
  return undefined;
}

function fieldProblem(text: string, f: Field): string | undefined {
  if (text === '?') return f.question ? undefined : '"?" is only for day-of-month or day-of-week';
  for (const item of text.split(',')) {
    const problem = itemProblem(item, f);
    if (problem) return problem;
  }
  return undefined;
}

function itemProblem(item: string, f: Field): string | undefined {
  if (item === '') return 'an empty list item';
  if (f.last && item === 'L') return undefined;
  if (f.weekday && (item === 'LW' || /^\d+W$/.test(item)))
    return item === 'LW' ? undefined : valueProblem(item.slice(0, -1), f);
  if (f.last && f.nth && /^[^L]+L$/.test(item)) return valueProblem(item.slice(0, -1), f);
  if (f.nth && item.includes('#')) {
    const [day, nth] = item.split('#');
    if (!/^[1-5]$/.test(nth ?? '')) return '"#" takes 1 to 5 (the nth weekday of the month)';
    return valueProblem(day!, f);
  }
  const [range, step] = item.split('/');
  if (step !== undefined && !/^\d+$/.test(step)) return `step "/${step}" is not a number`;
  if (step !== undefined && Number(step) < 1) return 'a step is at least 1';
  if (range === '*') return undefined;
  const bounds = range!.split('-');
  if (bounds.length > 2) return `"${range}" is not a value or a range`;
  for (const b of bounds) {
    const problem = valueProblem(b, f);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(value: string, f: Field): string | undefined {
  if (f.names?.includes(value.toUpperCase())) return undefined;
  if (!/^\d+$/.test(value))
    return `"${value}" is not a number${f.names ? ` or a name (${f.names[0]}-${f.names.at(-1)})` : ''}`;
  const n = Number(value);
  if (n < f.min || n > f.max) return `${value} is outside ${f.min}-${f.max}`;
  return undefined;
}
