// Where each local file goes under the prefix (the seed's folder layout).

export const SRC_CODE = 'src_code';
export const INPUT_FILES = 'input_files';
/** The shared Python library, zipped. */
export const EXTERNAL_LIBS_KEY = `${SRC_CODE}/external_libs.zip`;
/** S3's limit on a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

export const scriptKey = (job: string) => `${SRC_CODE}/${job}.py`;
/** `rel` is POSIX, relative to the db folder (sub-folders are kept). */
export const ddlKey = (rel: string) => `${SRC_CODE}/db/${rel}`;
/** `rel` is POSIX, relative to the data folder. */
export const dataKey = (rel: string) => `${INPUT_FILES}/${rel}`;
export const extraFileKey = (rel: string) => `${SRC_CODE}/extra/${rel}`;
