// Content-Type of an uploaded object, from its extension.
import mime from 'mime-types';

// Types the mime-types database lacks or that Glue/Athena users expect spelled this way.
const OVERRIDES: Record<string, string> = {
  '.py': 'text/x-python',
  '.sql': 'application/sql',
  '.csv': 'text/csv',
  '.zip': 'application/zip',
  '.parquet': 'application/vnd.apache.parquet',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

export function contentTypeFor(name: string): string {
  const dot = name.lastIndexOf('.');
  const slash = name.lastIndexOf('/');
  const ext = dot > slash + 1 ? name.slice(dot).toLowerCase() : '';
  return OVERRIDES[ext] ?? ((ext && mime.lookup(ext)) || DEFAULT_CONTENT_TYPE);
}
