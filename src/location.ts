// Where the pipeline's artifacts live: a bucket and a key prefix. The prefix is normalised once,
// when the inputs are read, and every `s3://bucket/prefix…` string is built here.

export interface ArtifactLocation {
  bucket: string;
  /** '' or ends in '/' (see normalizePrefix). */
  prefix: string;
}

/** '' stays ''; anything else ends in exactly one '/', without a leading '/'. */
export function normalizePrefix(prefix: string): string {
  const p = prefix.replace(/^\/+/, '');
  return p === '' || p.endsWith('/') ? p : `${p}/`;
}

/** `s3://bucket/prefix` followed by `key` (a key relative to the prefix). */
export function s3Uri(location: ArtifactLocation, key = ''): string {
  return `s3://${location.bucket}/${location.prefix}${key}`;
}
