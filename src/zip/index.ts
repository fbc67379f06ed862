// Public API of the deterministic zip builder.
export { type BuildZipOptions, buildZip, ZIP_EPOCH, zipEntries } from './build-zip.js';
export { isPythonJunk, isVcsJunk } from './junk.js';
export { isInside, statFile, type TreeFile, type WalkOptions, walkTree } from './walk.js';
