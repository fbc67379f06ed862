// Values that must never be printed: the runner masks its log once told (`core.setSecret`), but the
// step outputs and the job summary are files it does not mask, and a run on a machine without the
// runner masks nothing. So every value registered here is also replaced by *** in everything
// report/ writes (see write.ts).
import * as core from '@actions/core';

/** Shorter values are not secrets worth masking, and masking them would garble every output. */
export const MIN_SECRET_LENGTH = 4;

const secrets = new Set<string>();

/** Masks these values from now on: in the runner's log and in every write of report/. */
export function maskSecrets(values: Iterable<string>): void {
  for (const value of values) {
    for (const v of [value, ...value.split(/\r?\n/)].map((s) => s.trim())) {
      if (v.length < MIN_SECRET_LENGTH || secrets.has(v)) continue;
      secrets.add(v);
      core.setSecret(v);
    }
  }
}

/** `text` with every masked value replaced by ***, longest first (a value may contain another). */
export function redact(text: string): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}

/** For tests: forget every value. */
export function clearSecrets(): void {
  secrets.clear();
}
