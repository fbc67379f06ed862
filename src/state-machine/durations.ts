// Measured job durations as the schedule builder's expectations. The state object keeps the last
// few measured durations of each job (seconds); the expectation is their median, which smooths the
// run-to-run noise of one job and ignores a single odd run (a backfill, a run that waited for
// capacity), where a mean or the last run alone would follow it.

/** Measured durations kept per job: enough for a stable median, few enough to follow a real change. */
export const DURATIONS_KEPT = 5;

/** The job's history with one more measurement, oldest dropped beyond DURATIONS_KEPT. */
export function withMeasurement(history: readonly number[] | undefined, seconds: number): number[] {
  return [...(history ?? []), seconds].slice(-DURATIONS_KEPT);
}

/** Median of the measurements (mean of the middle two for an even count); undefined for none. */
export function expectedDuration(history: readonly number[] | undefined): number | undefined {
  if (!history || history.length === 0) return undefined;
  const sorted = [...history].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
