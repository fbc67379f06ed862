// Dependency-graph check on job names: cycles.

/** Returns one cycle as a list of names (first repeated at the end), or undefined if the graph is acyclic. */
export function findCycle(deps: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const dep of deps.get(node) ?? []) {
      if (!deps.has(dep)) continue;
      const s = state.get(dep);
      if (s === 'visiting') return [...stack.slice(stack.indexOf(dep)), dep];
      if (s === undefined) {
        const found = visit(dep);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...deps.keys()].sort()) {
    if (state.has(node)) continue;
    const cycle = visit(node);
    // A cycle was found walking dependencies (node → its deps); print it in run order.
    if (cycle) return cycle.reverse();
  }
  return undefined;
}
