// The fuzzed manifests and inputs of test/unit/fuzz.test.ts, a few through the built action against
// the emulator: a rejected manifest or input ends the step with `::error` annotations, no stack
// trace, and not one write request.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientConfig, emulatorControl, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';
import { freshCopy, manifestText, writeFixture } from '../helpers/fixture.js';
import { emulatorInputs, runAction } from '../helpers/run-action.js';

// CI runs one fixed seed, so a landing never depends on chance; elsewhere every run explores new
// cases (a failure prints its seed: FUZZ_SEED=<seed> replays it).
const FUZZ_SEED = process.env.FUZZ_SEED ?? (process.env.CI ? '20261201' : undefined);
if (FUZZ_SEED !== undefined) fc.configureGlobal({ seed: Number(FUZZ_SEED) });

describe('fuzzed manifests and inputs through dist/index.js', () => {
  const bucket = freshBucketName('fuzz');
  const control = emulatorControl();
  let repo: string;
  beforeAll(async () => {
    await new S3Client(clientConfig()).send(new CreateBucketCommand({ Bucket: bucket }));
    repo = writeFixture();
  });

  it('a rejected case writes nothing and says why in annotations', async () => {
    const base = manifestText();
    // Each case breaks the manifest (a line cut or garbled) or an input.
    const brokenManifest = fc
      .tuple(fc.nat(base.length - 1), fc.nat(12), fc.string({ minLength: 1, maxLength: 6, unit: 'binary' }))
      .map(([at, cut, insert]) => ({
        manifest: base.slice(0, at) + insert + base.slice(at + cut),
        inputs: {},
      }));
    const brokenInput = fc
      .tuple(
        fc.constantFrom(
          'number-of-workers',
          'tags',
          'aws-timeout-seconds',
          'execution-input',
          'lock-wait-minutes',
        ),
        fc.constantFrom('{', '-1', 'x: [', 'NaN', '1e999'),
      )
      .map(([name, value]) => ({ manifest: base, inputs: { [name]: value } }));
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(brokenManifest, brokenInput), async (c) => {
        const p = `fz${uniqueSuffix()}-`;
        const cwd = freshCopy(repo);
        writeFileSync(join(cwd, 'glue-jobs/pipeline.yml'), c.manifest);
        const since = await control.lastSeq();
        const r = await runAction({
          cwd,
          inputs: emulatorInputs(bucket, { prefix: p, 'name-prefix': p, mode: 'deploy', ...c.inputs }),
        });
        if (r.code === 0) return; // the change happened to keep the manifest valid
        rejected++;
        expect(r.errors.length, r.stdout).toBeGreaterThan(0);
        expect(r.stdout + r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
        const writes = (await control.requests({ since })).filter((x) => x.mutating && x.path.includes(p));
        expect(writes).toEqual([]);
      }),
      { numRuns: 8 },
    );
    expect(rejected).toBeGreaterThan(2);
  });
});
