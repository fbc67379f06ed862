// A followed execution's job durations are recorded in the state object, and a later deploy
// reorders the state machine with them only when that makes it more than 5 % faster; otherwise
// (and on every redeploy after it) nothing is written.
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand, ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomInt, rng } from '../../bench/random-dag.js';
import { normalizePrefix } from '../../src/location.js';
import { stateKey } from '../../src/s3-sync/index.js';
import { expected } from '../../src/state-machine/asl.js';
import { buildDag } from '../../src/state-machine/dag.js';
import { deployedSchedule, expectedSeconds, RESTRUCTURE_GAIN } from '../../src/state-machine/learned.js';
import { makespan, seriesParallelSchedule } from '../../src/state-machine/schedule.js';
import { clientConfig, emulatorControl, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';
import { FIXTURE_JOBS, writeFixture } from '../helpers/fixture.js';
import { emulatorInputs, runAction } from '../helpers/run-action.js';

describe('learned durations (dist/index.js against the emulator)', () => {
  const tag = `learn-${uniqueSuffix()}`;
  const bucket = freshBucketName('learn');
  const p = `ln${uniqueSuffix()}-`;
  const s3 = new S3Client(clientConfig());
  const sfn = new SFNClient(clientConfig());
  const control = emulatorControl();
  const key = stateKey(normalizePrefix(p), `${p}fixture`);
  const nodes = Object.entries(FIXTURE_JOBS).map(([name, dependsOn]) => ({
    name,
    glueName: p + name,
    dependsOn,
  }));
  const dag = buildDag(nodes);
  let repo: string;

  const deploy = (extra: Record<string, string> = {}) =>
    runAction({
      cwd: repo,
      inputs: emulatorInputs(bucket, { prefix: p, 'name-prefix': p, ...extra }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
  const readState = async () =>
    JSON.parse(
      await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString(),
    );
  const definition = async () => {
    const list = await sfn.send(new ListStateMachinesCommand({}));
    const arn = list.stateMachines!.find((m) => m.name === `${p}fixture`)!.stateMachineArn!;
    return (await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition!;
  };
  /** Predicted makespan of a definition at the state's durations, and of a fresh build at them. */
  const predicted = (text: string, durations: Record<string, number[]>) => {
    const d = expected(dag.names, expectedSeconds(nodes, durations))!;
    return {
      deployed: makespan(deployedSchedule(text, dag)!, d),
      fresh: makespan(seriesParallelSchedule(dag, { durations: d }), d),
      freshSchedule: seriesParallelSchedule(dag, { durations: d }),
    };
  };
  const mutating = async (since: number) =>
    (await control.requests({ since, tag }))
      .filter((r) => r.mutating)
      .map((r) => `${r.service}:${r.operation}`);

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    repo = writeFixture();
    // audit is long; the chain through stage_b, join_ab and report takes time too: the schedule
    // built without durations makes join_ab wait for audit.
    await control.setJobBehaviour({ jobName: `${p}audit`, durationSeconds: 6 });
    for (const job of ['stage_b', 'join_ab', 'report'])
      await control.setJobBehaviour({ jobName: p + job, durationSeconds: 2 });
  });

  it('records each job’s duration from a followed execution, and reorders the next deploy (gain > 5 %)', async () => {
    const run = await deploy({ 'start-execution': 'true' });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.status).toBe('SUCCEEDED');
    const state = await readState();
    expect(Object.keys(state.durations).sort()).toEqual(nodes.map((n) => n.glueName).sort());
    for (const ds of Object.values(state.durations)) expect(ds).toHaveLength(1);
    expect(state.durations[`${p}audit`][0]).toBeGreaterThanOrEqual(5);
    expect(state.durations[`${p}report`][0]).toBeGreaterThanOrEqual(1);

    const before = await definition();
    const gain = predicted(before, state.durations);
    expect(gain.fresh).toBeLessThan((1 - RESTRUCTURE_GAIN) * gain.deployed); // the premise

    const since = await control.lastSeq();
    const again = await deploy();
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.outputs).toMatchObject({ changes: '1', uploaded: '0' });
    // The one write, inside the deploy lock's put and delete (a plan with a change takes the lock).
    expect(await mutating(since)).toEqual(['s3:PutObject', 'states:UpdateStateMachine', 's3:DeleteObject']);
    const after = await definition();
    expect(predicted(after, state.durations).deployed).toBe(gain.fresh);

    // The same commit again: nothing to write.
    const since2 = await control.lastSeq();
    const third = await deploy();
    expect(third.outputs).toMatchObject({ changes: '0', 'has-changes': 'false' });
    expect(await mutating(since2)).toEqual([]);
  });

  it('keeps the deployed definition when the new durations would gain 5 % or less', async () => {
    const deployed = await definition();
    const state = await readState();
    // Durations at which a fresh build differs from the deployed one by a small gain.
    const names = nodes.map((n) => n.glueName);
    const random = rng(16);
    let small: Record<string, number[]> | undefined;
    for (let i = 0; i < 5000 && !small; i++) {
      const candidate = Object.fromEntries(names.map((n) => [n, [randomInt(random, 1, 60)]]));
      const g = predicted(deployed, candidate);
      const differs = JSON.stringify(g.freshSchedule) !== JSON.stringify(deployedSchedule(deployed, dag));
      if (differs && g.fresh < g.deployed && g.fresh >= (1 - RESTRUCTURE_GAIN) * g.deployed)
        small = candidate;
    }
    expect(small, 'a duration set with a small gain').toBeDefined();
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: `${JSON.stringify({ ...state, durations: small }, null, 1)}\n`,
      }),
    );
    const since = await control.lastSeq();
    const r = await deploy();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ changes: '0', 'has-changes': 'false' });
    expect(await mutating(since)).toEqual([]);
    expect(await definition()).toBe(deployed);
  });
});
