// One string order for everything the action sorts (keys, names, zip entries): UTF-16 code units,
// independent of locale, so outputs are the same on every runner (localeCompare depends on ICU).

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of `o` with its keys in code-unit order (stable text for comparing maps as JSON). */
export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => compareCodeUnits(a, b)));
}
