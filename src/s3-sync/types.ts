// Shapes shared by the S3 sync modules.
import type { LocalFile } from '../artifacts/types.js';

/** What `ListObjectsV2` says about a key. */
export interface RemoteObject {
  /** Without quotes. */
  etag: string;
  size: number;
}

/** What the state object remembers about a key. */
export interface StateEntry {
  /** Identity of the local content the object was uploaded from. */
  identity: string;
  /** ETag S3 returned for that upload (without quotes). */
  etag: string;
  size: number;
  /**
   * True when this action uploaded it (prune may delete it); false when an identical object was
   * already there and was only adopted (never deleted).
   */
  owned: boolean;
}

export interface SyncState {
  version: 1;
  pipeline: string;
  /** Keys relative to the prefix. */
  files: Record<string, StateEntry>;
  /**
   * Glue job name → the fields the manifest declared for it at the last deploy (`Connections`,
   * `DefaultArguments.--X`, …): a field declared then and not now is reset, one never declared is kept.
   */
  jobs?: Record<string, string[]>;
  /**
   * Glue job name → its last measured durations (whole seconds, oldest first) in executions the
   * action followed: the schedule's expectation where the manifest gives no `expected-minutes`.
   */
  durations?: Record<string, number[]>;
  /**
   * The EventBridge Scheduler group this pipeline's deploys may have left (its name), or null when
   * they left none: then a pipeline without `schedule:` skips reading Scheduler. Absent (a state
   * written before this was recorded): unknown, so Scheduler is read.
   */
  scheduleGroup?: string | null;
}

export type FileAction = 'create' | 'update' | 'unchanged';

export interface PlannedFile {
  key: string;
  action: FileAction;
  size: number;
  reason: string;
  file: LocalFile;
  /**
   * For `unchanged` files that had no usable state entry: the entry to record so the next run
   * decides without reading the file.
   */
  adopt?: StateEntry;
}

export interface Orphan {
  key: string;
  /** Recorded size. */
  size: number;
  /** Still listed with the ETag this action uploaded; false = already gone or overwritten by someone else. */
  deletable: boolean;
  reason: string;
}

export interface SyncPlan {
  bucket: string;
  /** '' or ends in '/'. */
  prefix: string;
  pipeline: string;
  /** Full key of the state object. */
  stateKey: string;
  /** Multipart part size the uploads will use (local multipart ETags assume it). */
  partSize: number;
  files: PlannedFile[];
  orphans: Orphan[];
  /** The state as read (empty when there was none). */
  state: SyncState;
  /** The state object existed (used to decide whether writing it is a change). */
  stateExisted: boolean;
}

export interface SyncProgress {
  key: string;
  action: 'upload' | 'delete';
  bytes: number;
  done: number;
  total: number;
}

export interface SyncResult {
  uploaded: number;
  unchanged: number;
  deleted: number;
  /** Bytes uploaded. */
  bytes: number;
  /** The state object was written. */
  stateWritten: boolean;
  /** The state as it now is in the bucket (written or not). */
  state: SyncState;
}
