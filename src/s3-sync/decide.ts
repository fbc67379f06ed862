// Pure decisions: what to do with each file, which recorded keys are orphans. No I/O here; the
// planner feeds in the listing, the state and (only when needed) locally computed ETags.
import type { LocalFile } from '../artifacts/types.js';
import { partCount } from './etag.js';
import type { FileAction, Orphan, RemoteObject, StateEntry, SyncState } from './types.js';

export type Decision = { action: FileAction; reason: string } | { action: 'check-etag'; partSizes: number[] };

const MiB = 1024 * 1024;
/** Part sizes common uploaders use (aws cli 8 MiB, SDKs 5 MiB, …), tried when the ETag is multipart. */
const COMMON_PART_SIZES = [5 * MiB, 8 * MiB, 16 * MiB, 15 * MiB, 64 * MiB, 100 * MiB];

/**
 * The decision from the listing and the state alone. A state entry is trusted only while the
 * listing still shows the ETag and size recorded for it (nobody overwrote the object since).
 */
export function decideFile(
  file: LocalFile,
  remote: RemoteObject | undefined,
  entry: StateEntry | undefined,
  partSize: number,
): Decision {
  if (!remote) return { action: 'create', reason: 'not in the bucket' };
  if (entry && entry.etag === remote.etag && entry.size === remote.size) {
    return entry.identity === file.identity && file.size === remote.size
      ? { action: 'unchanged', reason: 'same content as last upload' }
      : { action: 'update', reason: 'content changed' };
  }
  const why = entry ? 'changed in the bucket since last upload' : 'not uploaded by this action';
  if (remote.size !== file.size) {
    return { action: 'update', reason: `${why}; size differs (${remote.size} → ${file.size} bytes)` };
  }
  return { action: 'check-etag', partSizes: etagPartSizes(remote.etag, file.size, partSize) };
}

/** Part sizes under which `size` bytes give the ETag's part count (the plain MD5 when not multipart). */
export function etagPartSizes(etag: string, size: number, partSize: number): number[] {
  const m = /-(\d+)$/.exec(etag);
  if (!m) return [Number.MAX_SAFE_INTEGER];
  const parts = Number(m[1]);
  return [...new Set([partSize, ...COMMON_PART_SIZES])].filter((p) => partCount(size, p) === parts);
}

/** The decision once the local ETags for the candidate part sizes are known. */
export function decideByEtag(
  remote: RemoteObject,
  localEtags: Iterable<string>,
): { action: FileAction; reason: string } {
  for (const e of localEtags) {
    if (e === remote.etag) return { action: 'unchanged', reason: 'same bytes (ETag matches)' };
  }
  return { action: 'update', reason: 'content differs (ETag)' };
}

/**
 * Keys this action uploaded (owned in the state) that are no longer wanted. Only those whose
 * listing still shows the recorded ETag may be deleted: anything else is not ours any more.
 */
export function findOrphans(
  state: SyncState,
  desired: Set<string>,
  listing: Map<string, RemoteObject>,
): Orphan[] {
  const out: Orphan[] = [];
  for (const key of Object.keys(state.files).sort()) {
    const e = state.files[key]!;
    if (desired.has(key) || !e.owned) continue;
    const remote = listing.get(key);
    if (!remote)
      out.push({ key, size: e.size, deletable: false, reason: 'no longer in the repository; already gone' });
    else if (remote.etag !== e.etag)
      out.push({
        key,
        size: remote.size,
        deletable: false,
        reason: 'no longer in the repository; overwritten by someone else, left alone',
      });
    else out.push({ key, size: e.size, deletable: true, reason: 'no longer in the repository' });
  }
  return out;
}
