// What the deploy wants to upload, as collected from the checkout.

/** One object the deploy wants under the prefix. */
export interface LocalFile {
  /** Key relative to the prefix, e.g. `src_code/job.py`, `input_files/2024/compras.csv`. */
  key: string;
  /** Repository-relative path it comes from (for messages and the plan table). */
  source: string;
  size: number;
  contentType: string;
  /**
   * Content identity: the git blob id (sha1 of `blob <size>\0<bytes>`), taken from the git index
   * for clean tracked files, computed while streaming otherwise. Equal identity = equal bytes.
   */
  identity: string;
  /** Absolute path to stream the bytes from; absent when `body` holds them (the zip). */
  path?: string;
  body?: Buffer;
}
