// The local side of a deploy: every file to upload, collected from the checkout with its key,
// Content-Type and content identity (git blob id), and the deterministic zip of the shared library.
//
//   const files = await collectFiles({ root, scripts, externalLibsDir, dbDir, dataDir });
//
// Nothing here talks to AWS: the S3 side (s3-sync/) plans and uploads these files.
export { type CollectOptions, collectFiles } from './collect.js';
export { contentTypeFor, DEFAULT_CONTENT_TYPE } from './content-type.js';
export { isPythonJunk, isVcsJunk } from './junk.js';
export { EXTERNAL_LIBS_KEY, extraFileKey, INPUT_FILES, SRC_CODE, scriptKey } from './keys.js';
export {
  isInstalledNotZipped,
  libsLayout,
  REQUIREMENTS_FILE,
  readRequirements,
  WHEELS_FOLDER,
  wheelKey,
} from './libs.js';
export type { LocalFile } from './types.js';
export { isInside, statFile, type TreeFile, type WalkOptions, walkTree } from './walk.js';
export { type BuildZipOptions, buildZip, ZIP_EPOCH, zipEntries } from './zip.js';
