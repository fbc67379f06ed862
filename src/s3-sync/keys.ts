// Where each local file goes under the prefix (the seed's folder layout).

export const SRC_CODE = 'src_code';
export const INPUT_FILES = 'input_files';
/** The shared Python library, zipped. */
export const EXTERNAL_LIBS_KEY = `${SRC_CODE}/external_libs.zip`;
/** Folder (under the prefix) of this action's own bookkeeping. */
export const STATE_FOLDER = '.glue-pipeline-deploy';
/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

export const scriptKey = (job: string) => `${SRC_CODE}/${job}.py`;
/** `rel` is POSIX, relative to the db folder (sub-folders are kept). */
export const ddlKey = (rel: string) => `${SRC_CODE}/db/${rel}`;
/** `rel` is POSIX, relative to the data folder. */
export const dataKey = (rel: string) => `${INPUT_FILES}/${rel}`;

/** Full key of a pipeline's state object. One per pipeline, so pipelines sharing a prefix never race. */
export function stateKey(prefix: string, pipeline: string): string {
  return `${prefix}${STATE_FOLDER}/${encodeURIComponent(pipeline)}/state.json`;
}

/** '' stays ''; anything else ends in exactly one '/', without a leading '/'. */
export function normalizePrefix(prefix: string): string {
  const p = prefix.replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
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
