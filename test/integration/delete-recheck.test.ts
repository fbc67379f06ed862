// Prune and destroy decide from a listing, then delete a little later. Another pipeline may take a
// resource over in between: each delete re-reads the resource's tags first, and a resource that is
// no longer ours is kept, with the reason on a warning. Driven in-process against the emulator with
// a deliberately stale listing (the plan of a prune, the listing of a destroy).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GlueClient, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeStateMachineCommand,
  SFNClient,
  TagResourceCommand as TagSfnCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyPlan } from '../../src/apply/index.js';
import type { Clients } from '../../src/aws/clients.js';
import { deleteListed, listOwned } from '../../src/destroy/index.js';
import { jobArn } from '../../src/glue/aws.js';
import { TAG_LOCATION, TAG_PIPELINE } from '../../src/tags.js';
import {
  clientConfig,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  freshBucketName,
  jobExists,
  uniqueSuffix,
} from '../helpers/emulator.js';
import {
  actionClients,
  applyOptions,
  deployInProcess,
  manifestOf,
  pipelineRepo,
  planInProcess,
} from '../helpers/in-process.js';

const glue = new GlueClient(clientConfig());
const sfn = new SFNClient(clientConfig());
const bucket = freshBucketName('recheck');
const arn = (name: string) => jobArn('aws', EMULATOR_REGION, EMULATOR_ACCOUNT_ID, name);
const intruder = { [TAG_PIPELINE]: 'someone-else', [TAG_LOCATION]: `s3://${bucket}/theirs/` };

/** The workflow commands written while `f` runs (core.warning writes `::warning::…` on stdout). */
async function warningsDuring<T>(f: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(...String(chunk).split('\n'));
    return true;
  });
  try {
    return { result: await f(), warnings: lines.filter((l) => l.startsWith('::warning')) };
  } finally {
    spy.mockRestore();
  }
}

let clients: Clients;

beforeAll(async () => {
  clients = actionClients();
  await new S3Client({ ...clientConfig(), forcePathStyle: true }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('prune re-checks each job right before deleting it', () => {
  it('keeps a job re-tagged by another pipeline, or untagged, after the plan listed it', async () => {
    const np = `p${uniqueSuffix()}-`;
    const root = pipelineRepo('recheck', ['keep', 'taken', 'untagged', 'gone']);
    const target = { clients, root, bucket, prefix: 'prod/', namePrefix: np };
    await warningsDuring(() => deployInProcess(target));
    for (const j of ['keep', 'taken', 'untagged', 'gone']) expect(await jobExists(np + j)).toBe(true);

    // The plan of a prune: three jobs are no longer declared.
    writeFileSync(join(root, 'glue-jobs/pipeline.yml'), manifestOf('recheck', ['keep']));
    const stale = await planInProcess({ ...target, prune: true });
    expect(
      stale.jobs
        .filter((j) => j.action === 'delete')
        .map((j) => j.glueName)
        .sort(),
    ).toEqual([`${np}gone`, `${np}taken`, `${np}untagged`]);

    // Meanwhile: another pipeline tags one as its own, someone removes the tags of another.
    await glue.send(new TagResourceCommand({ ResourceArn: arn(`${np}taken`), TagsToAdd: intruder }));
    await glue.send(
      new UntagResourceCommand({
        ResourceArn: arn(`${np}untagged`),
        TagsToRemove: [TAG_PIPELINE, TAG_LOCATION],
      }),
    );

    const { result, warnings } = await warningsDuring(() =>
      applyPlan(stale, clients, applyOptions({ namePrefix: np, prune: true })),
    );
    expect(await jobExists(`${np}gone`)).toBe(false);
    expect(await jobExists(`${np}taken`)).toBe(true);
    expect(await jobExists(`${np}untagged`)).toBe(true);
    expect(await jobExists(`${np}keep`)).toBe(true);
    expect(result.skippedDeletes.map((s) => s.name)).toEqual([`${np}taken`, `${np}untagged`]);
    expect(warnings.join('\n')).toContain(
      `Glue job ${np}taken not pruned: it is now tagged as pipeline someone-else at s3://${bucket}/theirs/`,
    );
    expect(warnings.join('\n')).toContain(
      `Glue job ${np}untagged not pruned: it no longer carries this pipeline's ownership tags`,
    );
  });
});

describe('destroy re-checks the state machine and each job right before deleting it', () => {
  it('keeps what another pipeline took over after the listing, deletes the rest', async () => {
    const np = `d${uniqueSuffix()}-`;
    const root = pipelineRepo('recheck', ['one', 'two']);
    const deployed = await warningsDuring(() =>
      deployInProcess({ clients, root, bucket, prefix: 'prod/', namePrefix: np }),
    );
    const smArn = deployed.result.stateMachineArn;
    const opts = {
      stateMachineName: `${np}recheck`,
      location: { bucket, prefix: 'prod/' },
      region: EMULATOR_REGION,
      account: EMULATOR_ACCOUNT_ID,
      partition: 'aws',
      namePrefix: np,
    };
    const listing = await listOwned(clients, opts);
    expect(listing.stateMachineArn).toBe(smArn);
    expect(listing.jobs).toEqual([`${np}one`, `${np}two`]);

    // Between the listing and the deletes, another pipeline takes over the state machine and a job.
    await sfn.send(
      new TagSfnCommand({
        resourceArn: smArn,
        tags: Object.entries(intruder).map(([key, value]) => ({ key, value })),
      }),
    );
    await glue.send(new TagResourceCommand({ ResourceArn: arn(`${np}one`), TagsToAdd: intruder }));

    const { result, warnings } = await warningsDuring(() => deleteListed(clients, listing, opts));
    expect(result.stateMachineArn).toBeUndefined();
    expect(result.jobs).toEqual([`${np}two`]);
    expect(result.leftAlone.map((k) => `${k.resource} ${k.name}`)).toEqual([
      `state machine ${smArn}`,
      `Glue job ${np}one`,
    ]);
    const owner = `pipeline someone-else at s3://${bucket}/theirs/`;
    expect(warnings.join('\n')).toContain(`state machine ${smArn} not deleted: it is now tagged as ${owner}`);
    expect(warnings.join('\n')).toContain(`Glue job ${np}one not deleted: it is now tagged as ${owner}`);
    // Still there, untouched; the job that stayed ours is gone.
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: smArn })),
    ).resolves.toBeDefined();
    expect(await jobExists(`${np}one`)).toBe(true);
    expect(await jobExists(`${np}two`)).toBe(false);
  });
});
