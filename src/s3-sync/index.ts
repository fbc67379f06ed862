// Public API of the content-addressed S3 sync.
//
//   const files = await collectFiles({ root, scripts, externalLibsDir, dbDir, dataDir });
//   const plan = await planSync(s3, { bucket, prefix, files, pipeline });   // no writes
//   const result = await applySync(s3, plan, { prune, onProgress });        // uploads, prune, state
//
// A file is unchanged when the listing still shows the ETag recorded in the pipeline's state
// object and the recorded content identity (git blob id) equals the local one; without a record,
// the local MD5 / multipart ETag is compared. An empty plan makes no write request.
export { type ApplyOptions, applySync, SyncError } from './apply.js';
export { type CollectOptions, collectFiles } from './collect.js';
export { contentTypeFor, DEFAULT_CONTENT_TYPE } from './content-type.js';
export { EXTERNAL_LIBS_KEY, INPUT_FILES, normalizePrefix, SRC_CODE, STATE_FOLDER, stateKey } from './keys.js';
export {
  DEFAULT_PART_SIZE,
  MIN_PART_SIZE,
  type PlanOptions,
  planCounts,
  planSync,
} from './plan.js';
export { OWNER_TAG_KEY, ownerTagging } from './remote.js';
export type {
  FileAction,
  LocalFile,
  Orphan,
  PlannedFile,
  SyncPlan,
  SyncProgress,
  SyncResult,
} from './types.js';
