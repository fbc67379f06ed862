// Reads an action's output the way the GitHub runner does, to see which workflow commands it would
// act on: `::name ...::data` at the start of a line (after leading spaces) or the older
// `##[name ...]data` anywhere in a line, for a registered command name; after
// `::stop-commands::<token>` nothing is a command until a line whose command name is the token.

/** The commands the runner knows (actions/runner's command extensions) plus stop-commands. */
const REGISTERED = [
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning',
];

export interface WorkflowCommand {
  /** Lower-cased. */
  name: string;
  data: string;
  /** The whole line it was read from. */
  line: string;
}

function parse(line: string, registered: Set<string>): WorkflowCommand | undefined {
  const v2 = line.trimStart();
  if (v2.startsWith('::')) {
    const end = v2.indexOf('::', 2);
    if (end >= 0) {
      const name = v2.slice(2, end).split(' ')[0]!.toLowerCase();
      if (registered.has(name)) return { name, data: v2.slice(end + 2), line };
    }
  }
  const start = line.indexOf('##[');
  if (start >= 0) {
    const end = line.indexOf(']', start);
    if (end >= 0) {
      const name = line
        .slice(start + 3, end)
        .split(' ')[0]!
        .toLowerCase();
      if (registered.has(name)) return { name, data: line.slice(end + 1), line };
    }
  }
  return undefined;
}

/** Every command the runner would act on in `text` (stdout or stderr), in order. */
export function activeCommands(text: string): WorkflowCommand[] {
  const registered = new Set(REGISTERED);
  const active: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const c = parse(line, registered);
    if (!c) continue;
    if (stopToken !== undefined) {
      if (c.name === stopToken) {
        registered.delete(stopToken);
        stopToken = undefined;
      }
      continue;
    }
    if (c.name === 'stop-commands') {
      stopToken = c.data.toLowerCase();
      registered.add(stopToken);
    }
    active.push(c);
  }
  return active;
}
