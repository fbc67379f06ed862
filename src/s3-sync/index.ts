// Public API of the content-addressed S3 sync (the S3 side; the files come from artifacts/).
//
//   const plan = await planSync(s3, { bucket, prefix, files, pipeline });   // no writes
//   const result = await applySync(s3, plan, { prune, onProgress });        // uploads, prune, state
//
// A file is unchanged when the listing still shows the ETag recorded in the pipeline's state
// object and the recorded content identity (git blob id) equals the local one; without a record,
// the local MD5 / multipart ETag is compared. An empty plan makes no write request.
export {
  type ApplyOptions,
  applySync,
  deleteSyncState,
  recordDeploy,
  recordDurations,
  SyncError,
} from './apply.js';
export { ownerTagging } from './aws.js';
export {
  DEFAULT_PART_SIZE,
  MIN_PART_SIZE,
  type PlanOptions,
  planCounts,
  planSync,
  readSyncRemote,
  type SyncRemote,
} from './plan.js';
export { STATE_FOLDER, stateKey } from './state.js';
export type {
  FileAction,
  Orphan,
  PlannedFile,
  SyncPlan,
  SyncProgress,
  SyncResult,
  SyncState,
} from './types.js';
