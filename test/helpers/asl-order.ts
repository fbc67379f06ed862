// For each Glue task of an ASL definition: the set of tasks guaranteed to have finished before it
// starts (sequence: everything before it in its chain; Parallel: its branches start together and the
// state ends when all have ended). A dependency a → b is honoured when a is in before(b).
type State = {
  Type: string;
  Next?: string;
  End?: boolean;
  Branches?: Branch[];
  Parameters?: { JobName?: string };
};
type Branch = { StartAt: string; States: Record<string, State> };

export function tasksFinishedBefore(definition: Branch): Map<string, Set<string>> {
  const before = new Map<string, Set<string>>();
  const walk = (branch: Branch, done: Set<string>): Set<string> => {
    let name: string | undefined = branch.StartAt;
    let current = new Set(done);
    while (name) {
      const state: State | undefined = branch.States[name];
      if (!state) throw new Error(`missing state ${name}`);
      if (state.Type === 'Task') {
        const job = state.Parameters?.JobName ?? name;
        if (before.has(job)) throw new Error(`job ${job} appears twice`);
        before.set(job, new Set(current));
        current = new Set([...current, job]);
      } else if (state.Type === 'Parallel') {
        const ends = (state.Branches ?? []).map((b) => walk(b, current));
        current = new Set(ends.flatMap((e) => [...e]));
      }
      name = state.End ? undefined : state.Next;
    }
    return current;
  };
  walk(definition, new Set());
  return before;
}
