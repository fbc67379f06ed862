// The state object: for each key this action uploaded, the identity of the content it came from
// and the ETag S3 gave it. One GET tells what is unchanged without reading any file.
import { withMeasurement } from '../state-machine/durations.js';
import type { Orphan, PlannedFile, StateEntry, SyncState } from './types.js';

/** Folder (under the prefix) of this action's own bookkeeping. */
export const STATE_FOLDER = '.glue-pipeline-deploy';

/** Full key of a pipeline's state object. One per pipeline, so pipelines sharing a prefix never race. */
export function stateKey(prefix: string, pipeline: string): string {
  return `${prefix}${STATE_FOLDER}/${encodeURIComponent(pipeline)}/state.json`;
}

export function emptyState(pipeline: string): SyncState {
  return { version: 1, pipeline, files: {} };
}

/** Parses the stored state. Anything unreadable counts as no state: every file falls back to ETags. */
export function parseState(text: string, pipeline: string): SyncState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyState(pipeline);
  }
  const r = raw as Partial<SyncState> | null;
  if (r?.version !== 1 || typeof r.files !== 'object' || r.files === null) return emptyState(pipeline);
  const files: Record<string, StateEntry> = {};
  for (const [key, e] of Object.entries(r.files)) {
    const v = e as Partial<StateEntry> | null;
    if (v && typeof v.identity === 'string' && typeof v.etag === 'string' && typeof v.size === 'number') {
      files[key] = { identity: v.identity, etag: v.etag, size: v.size, owned: v.owned === true };
    }
  }
  const jobs: Record<string, string[]> = {};
  if (r.jobs && typeof r.jobs === 'object') {
    for (const [name, fields] of Object.entries(r.jobs)) {
      if (Array.isArray(fields) && fields.every((f) => typeof f === 'string')) jobs[name] = fields;
    }
  }
  const durations: Record<string, number[]> = {};
  if (r.durations && typeof r.durations === 'object') {
    for (const [name, ds] of Object.entries(r.durations)) {
      if (Array.isArray(ds) && ds.length > 0 && ds.every((d) => typeof d === 'number' && d >= 0)) {
        durations[name] = ds;
      }
    }
  }
  const scheduleGroup =
    r.scheduleGroup === null || typeof r.scheduleGroup === 'string' ? r.scheduleGroup : undefined;
  return withOptional({ version: 1, pipeline, files }, jobs, durations, scheduleGroup);
}

/** The optional records are left out when empty, so a state without them keeps its old bytes. */
function withOptional(
  base: SyncState,
  jobs: Record<string, string[]> | undefined,
  durations: Record<string, number[]> | undefined,
  scheduleGroup: string | null | undefined,
): SyncState {
  const out: SyncState = { ...base };
  if (jobs && Object.keys(jobs).length > 0) out.jobs = jobs;
  if (durations && Object.keys(durations).length > 0) out.durations = durations;
  if (scheduleGroup !== undefined) out.scheduleGroup = scheduleGroup;
  return out;
}

/** Stable text: keys sorted, so an unchanged state serializes to the same bytes. */
export function serializeState(state: SyncState): string {
  const files: Record<string, StateEntry> = {};
  for (const key of Object.keys(state.files).sort()) {
    const e = state.files[key]!;
    files[key] = { identity: e.identity, etag: e.etag, size: e.size, owned: e.owned };
  }
  const jobs: Record<string, string[]> = {};
  for (const name of Object.keys(state.jobs ?? {}).sort()) jobs[name] = [...state.jobs![name]!].sort();
  const durations: Record<string, number[]> = {};
  for (const name of Object.keys(state.durations ?? {}).sort())
    durations[name] = [...state.durations![name]!];
  const body = withOptional(
    { version: 1, pipeline: state.pipeline, files },
    jobs,
    durations,
    state.scheduleGroup,
  );
  return `${JSON.stringify(body, null, 1)}\n`;
}

/**
 * Whether two states serialize to the same text (`serializeState`), without building it: the
 * text of a state with thousands of files is MiBs of garbage, twice per comparison.
 */
export function sameState(a: SyncState, b: SyncState): boolean {
  if (a.pipeline !== b.pipeline || a.scheduleGroup !== b.scheduleGroup) return false;
  const aKeys = Object.keys(a.files);
  if (aKeys.length !== Object.keys(b.files).length) return false;
  for (const key of aKeys) {
    const x = a.files[key]!;
    const y = b.files[key];
    if (
      y === undefined ||
      x.identity !== y.identity ||
      x.etag !== y.etag ||
      x.size !== y.size ||
      x.owned !== y.owned
    )
      return false;
  }
  const sorted = (fields: string[]) => [...fields].sort();
  return (
    sameRecords(a.jobs, b.jobs, (x, y) => sameList(sorted(x), sorted(y))) &&
    sameRecords(a.durations, b.durations, sameList)
  );
}

/** Records equal entry by entry; absent and empty are the same (neither is serialized). */
function sameRecords<T>(
  a: Record<string, T> | undefined,
  b: Record<string, T> | undefined,
  same: (x: T, y: T) => boolean,
): boolean {
  const aKeys = Object.keys(a ?? {});
  if (aKeys.length !== Object.keys(b ?? {}).length) return false;
  return aKeys.every((k) => b![k] !== undefined && same(a![k]!, b![k]!));
}

function sameList<T>(x: T[], y: T[]): boolean {
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export interface SyncOutcome {
  /** Key → ETag returned, for every upload that succeeded. */
  uploaded: Map<string, string>;
  /** Keys deleted (or found already gone) by prune. */
  deleted: Set<string>;
  prune: boolean;
  /** The jobs' declared fields to record; absent: kept as they were. */
  jobs?: Record<string, string[]>;
  /** The schedule group to record (see SyncState); absent: kept as it was. */
  scheduleGroup?: string | null;
}

/** The state after applying a plan (pure). Failed uploads keep their old entry. */
export function nextState(
  prev: SyncState,
  files: PlannedFile[],
  orphans: Orphan[],
  outcome: SyncOutcome,
): SyncState {
  const next: Record<string, StateEntry> = { ...prev.files };
  const desired = new Set(files.map((f) => f.key));
  for (const f of files) {
    const etag = outcome.uploaded.get(f.key);
    if (etag !== undefined) {
      next[f.key] = { identity: f.file.identity, etag, size: f.size, owned: true };
    } else if (f.action === 'unchanged' && f.adopt) {
      next[f.key] = f.adopt;
    }
  }
  for (const key of Object.keys(next)) {
    // An adopted (not owned) object that is no longer wanted is simply forgotten.
    if (!desired.has(key) && !next[key]!.owned) delete next[key];
  }
  if (outcome.prune) {
    for (const o of orphans) {
      // Deleted, already gone, or overwritten by someone else: in every case no longer ours.
      if (outcome.deleted.has(o.key) || !o.deletable) delete next[o.key];
    }
  }
  return withOptional(
    { version: 1, pipeline: prev.pipeline, files: next },
    outcome.jobs ?? prev.jobs,
    prev.durations,
    outcome.scheduleGroup !== undefined ? outcome.scheduleGroup : prev.scheduleGroup,
  );
}

/**
 * The state with one more measured duration (seconds) per job of a followed execution; other jobs
 * keep theirs, jobs no longer in the pipeline (`current`: Glue names) are forgotten. Pure.
 */
export function withDurations(
  state: SyncState,
  measured: ReadonlyMap<string, number>,
  current: ReadonlySet<string>,
): SyncState {
  const durations: Record<string, number[]> = {};
  for (const [name, ds] of Object.entries(state.durations ?? {})) if (current.has(name)) durations[name] = ds;
  for (const [name, seconds] of measured) {
    if (current.has(name)) durations[name] = withMeasurement(durations[name], Math.round(seconds));
  }
  return withOptional(
    { version: 1, pipeline: state.pipeline, files: state.files },
    state.jobs,
    durations,
    state.scheduleGroup,
  );
}
