// planSync: read the listing and the state object (no writes), decide each file, find orphans.
import type { S3Client } from '@aws-sdk/client-s3';
import pMap from 'p-map';
import type { LocalFile } from '../artifacts/types.js';
import { normalizePrefix } from '../location.js';
import { getText, listFolders, ownerOf } from './aws.js';
import { decideByEtag, decideFile, findOrphans } from './decide.js';
import { localEtags } from './etag.js';
import { emptyState, parseState, stateKey } from './state.js';
import type { PlannedFile, RemoteObject, SyncPlan } from './types.js';

const MiB = 1024 * 1024;
/** Default multipart part size; also the size above which a file is uploaded in parts. */
export const DEFAULT_PART_SIZE = 8 * MiB;
/** S3 refuses smaller parts (except the last). */
export const MIN_PART_SIZE = 5 * MiB;

export interface PlanOptions {
  bucket: string;
  /** Key prefix; a trailing '/' is added when missing. */
  prefix: string;
  files: LocalFile[];
  /** Pipeline name: owner of the state object and of the tags. */
  pipeline: string;
  /** Multipart part size the apply will use. Default 8 MiB, at least 5 MiB. */
  partSize?: number;
  /** Files hashed at once when an ETag must be compared. Default 4. */
  hashConcurrency?: number;
  /** The reads, started before the files were known (`readSyncRemote`). */
  remote?: Promise<SyncRemote>;
}

/** The state object's text (undefined: none) and the listing of some folders (keys relative to the prefix). */
export interface SyncRemote {
  stateText: string | undefined;
  listing: Map<string, RemoteObject>;
  folders: string[];
}

/**
 * The plan's reads, which need only the folders, not the files: one GET of the state object and the
 * listing of `folders` (e.g. `src_code/`), so they can run while the files are collected.
 */
export async function readSyncRemote(
  s3: S3Client,
  opts: { bucket: string; prefix: string; pipeline: string; folders: string[] },
): Promise<SyncRemote> {
  const prefix = normalizePrefix(opts.prefix);
  const [stateText, listing] = await Promise.all([
    getText(s3, opts.bucket, stateKey(prefix, opts.pipeline)),
    listFolders(s3, opts.bucket, prefix, opts.folders),
  ]);
  return { stateText, listing, folders: opts.folders };
}

/**
 * Decides, without writing, which files to create, update or leave, and which recorded keys are
 * orphans. Requests: one GET of the state object, ListObjectsV2 pages for the folders involved,
 * and, only for an object this action has no record of but whose size matches, a local read
 * (MD5/multipart ETag) and one GetObjectTagging when it matches.
 */
export async function planSync(s3: S3Client, opts: PlanOptions): Promise<SyncPlan> {
  const prefix = normalizePrefix(opts.prefix);
  const partSize = opts.partSize ?? DEFAULT_PART_SIZE;
  if (partSize < MIN_PART_SIZE) throw new Error(`partSize must be at least ${MIN_PART_SIZE} bytes`);
  const key = stateKey(prefix, opts.pipeline);
  const desiredFolders = topFolders(opts.files.map((f) => f.key));
  const remote = await (opts.remote ??
    readSyncRemote(s3, { bucket: opts.bucket, prefix, pipeline: opts.pipeline, folders: desiredFolders }));
  const { stateText, listing } = remote;
  const state = stateText === undefined ? emptyState(opts.pipeline) : parseState(stateText, opts.pipeline);
  // Folders of the files or of the state that the early listing did not cover.
  const more = [...new Set([...desiredFolders, ...topFolders(Object.keys(state.files))])].filter(
    (f) => !remote.folders.includes(f),
  );
  if (more.length) for (const [k, v] of await listFolders(s3, opts.bucket, prefix, more)) listing.set(k, v);

  // The next file is taken when one is planned: no promise per file waits (apply.ts).
  const files = await pMap(
    opts.files,
    (file) => planFile(s3, opts, prefix, partSize, file, listing.get(file.key), state),
    { concurrency: opts.hashConcurrency ?? 4 },
  );
  const orphans = findOrphans(state, new Set(opts.files.map((f) => f.key)), listing);
  return {
    bucket: opts.bucket,
    prefix,
    pipeline: opts.pipeline,
    stateKey: key,
    partSize,
    files,
    orphans,
    state,
    stateExisted: stateText !== undefined,
  };
}

async function planFile(
  s3: S3Client,
  opts: PlanOptions,
  prefix: string,
  partSize: number,
  file: LocalFile,
  remote: RemoteObject | undefined,
  state: SyncPlan['state'],
): Promise<PlannedFile> {
  const base = { key: file.key, size: file.size, file };
  const d = decideFile(file, remote, state.files[file.key], partSize);
  if (d.action !== 'check-etag') return { ...base, ...d };
  // Only reached with a listed object of the same size that this action has no valid record of.
  const r = remote!;
  const byEtag = decideByEtag(r, (await localEtags(file, d.partSizes)).values());
  if (byEtag.action !== 'unchanged') return { ...base, ...byEtag };
  const owned = (await ownerOf(s3, opts.bucket, prefix + file.key)) === opts.pipeline;
  return { ...base, ...byEtag, adopt: { identity: file.identity, etag: r.etag, size: r.size, owned } };
}

/** First path segment of each key: the folders to list instead of the whole prefix. */
export function topFolders(keys: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const k of keys) {
    const i = k.indexOf('/');
    out.add(i < 0 ? k : k.slice(0, i + 1));
  }
  return [...out].sort();
}

/** Counts per action, for outputs and the summary line. */
export function planCounts(plan: SyncPlan, opts: { prune?: boolean } = {}) {
  const c = { create: 0, update: 0, unchanged: 0, delete: 0, bytes: 0 };
  for (const f of plan.files) {
    c[f.action]++;
    if (f.action !== 'unchanged') c.bytes += f.size;
  }
  if (opts.prune) c.delete = plan.orphans.filter((o) => o.deletable).length;
  return c;
}
