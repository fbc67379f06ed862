// vitest globalSetup: one temporary folder for the whole run, removed at its end. TMPDIR points at it
// before the emulator and the test workers start, so every temporary file of the run (fixture copies,
// the runner's GITHUB_OUTPUT files, the emulator's job-run folders) lands there and nothing is left
// in the system's temporary folder, even by a test that does not clean up after itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const before = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'gpd-tests-'));
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
