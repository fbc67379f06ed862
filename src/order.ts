// One string order for everything the action sorts (keys, names, zip entries): UTF-16 code units,
// independent of locale, so outputs are the same on every runner (localeCompare depends on ICU).

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of `o` with its keys in code-unit order (stable text for comparing maps as JSON). */
export function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => compareCodeUnits(a, b)));
}

/**
 * JSON text with every object's keys in code-unit order, for comparing two JSON documents by
 * meaning (AWS may hand back the same definition or input with its keys in another order). Text
 * that is not JSON is returned as it is, so it still compares by its bytes.
 */
export function canonicalJson(json: string): string {
  try {
    return JSON.stringify(sortDeep(JSON.parse(json)));
  } catch {
    return json;
  }
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([a], [b]) => compareCodeUnits(a, b))
        .map(([k, x]) => [k, sortDeep(x)]),
    );
  }
  return v;
}
