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

/**
 * Why a prefix is refused, or undefined: "." and ".." segments and "//" make keys that S3 keeps
 * as written but that tools and policies read as another place (a prefix that climbs out of the
 * environment's folder in a path-style view, or an empty segment that a policy pattern skips).
 */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix.includes('//')) return 'contains "//"';
  const segments = prefix.split('/');
  if (segments.some((s) => s === '.' || s === '..')) return 'has a "." or ".." segment';
  return undefined;
}
