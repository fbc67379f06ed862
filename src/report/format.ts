// How times and sizes are written in the log and the job summary.

/** "42s", "3m 07s". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** "512 B", "2.0 KiB", "3.1 MiB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** First line of a message, at most 300 characters (one log line). */
export function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
