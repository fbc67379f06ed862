// The full Glue job model through the built action (dist/index.js) against the emulator: every
// manifest key reaches GetJob as declared (pythonshell, streaming, Ray and a Glue 5.1 job included),
// a declared field removed from the manifest is reset while a field set by hand is kept, the libs
// zip follows the package / source-root rule in a real Python process, wheels and requirements.txt
// reach --additional-python-modules, and each invalid combination is one annotation and zero writes.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetJobCommand, GetTagsCommand, GlueClient, type Job, UpdateJobCommand } from '@aws-sdk/client-glue';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clientConfig,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  emulatorControl,
  freshBucketName,
  uniqueSuffix,
} from '../helpers/emulator.js';
import { freshCopy } from '../helpers/fixture.js';
import { writeRepo } from '../helpers/repo.js';
import { emulatorInputs, runAction } from '../helpers/run-action.js';

const MANIFEST = `name: model
defaults:
  worker-type: G.2X
  number-of-workers: 3
  execution-class: FLEX
  job-bookmark: disable
jobs:
  spark:
    glue-version: "5.1"
    worker-type: G.1X
    connections: [vpc-a, jdbc-b]
    security-configuration: sec-a
    max-concurrent-runs: 4
    notify-delay-after: 10
    non-overridable-arguments: {--ENV: "{prefix}"}
    job-run-queuing: true
    job-bookmark: enable
    spark-ui: true
    spark-conf: {spark.sql.shuffle.partitions: "8", spark.x: "y"}
    extra-jars: [jars/a.jar, s3://other/b.jar]
    extra-files: [conf/app.conf]
    tags: {cost: etl}
  shell:
    type: pythonshell
    max-capacity: 1
    depends-on: [spark]
  stream:
    type: gluestreaming
    glue-version: "4.0"
    worker-type: G.025X
    execution-class: STANDARD
    maintenance-window: "Sun:2"
  ray:
    type: glueray
`;

const FILES = {
  'glue-jobs/pipeline.yml': MANIFEST,
  'glue-jobs/spark.py': 'import holdlib\n',
  'glue-jobs/shell.py': 'print(1)\n',
  'glue-jobs/stream.py': 'print(2)\n',
  'glue-jobs/ray.py': 'print(3)\n',
  'jars/a.jar': 'jar',
  'conf/app.conf': 'k=v\n',
  // A source root: no __init__.py at its top.
  'external_libs/holdlib/__init__.py': 'from .core import answer\n',
  'external_libs/holdlib/core.py': 'def answer():\n    return 42\n',
  'external_libs/tool.py': 'NAME = "tool"\n',
  'external_libs/tiny-1.0-py3-none-any.whl': 'not really a wheel',
  'external_libs/requirements.txt': '# pinned only\nrequests==2.32.3\n\n',
};

describe('the full job model (dist/index.js against the emulator)', () => {
  const tag = `model-${uniqueSuffix()}`;
  const bucket = freshBucketName('model');
  const np = `m${uniqueSuffix()}-`;
  const glue = new GlueClient(clientConfig());
  const s3 = new S3Client(clientConfig());
  const control = emulatorControl();
  const repo = writeRepo(FILES);
  const deploy = (cwd: string, extra: Record<string, string> = {}) =>
    runAction({
      cwd,
      inputs: emulatorInputs(bucket, { prefix: 'dev', 'name-prefix': np, ...extra }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
  const job = async (name: string): Promise<Job> =>
    (await glue.send(new GetJobCommand({ JobName: np + name }))).Job!;
  const uri = (key: string) => `s3://${bucket}/dev/${key}`;

  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const run = await deploy(repo);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    // Glue 5.1 is a known version: no warning.
    expect(run.stdout).not.toMatch(/::warning.*glue-version/);
  }, 60_000);

  it('gives a Spark job every declared key', async () => {
    const j = await job('spark');
    expect(j).toMatchObject({
      GlueVersion: '5.1',
      WorkerType: 'G.1X',
      NumberOfWorkers: 3,
      ExecutionClass: 'FLEX',
      Connections: { Connections: ['vpc-a', 'jdbc-b'] },
      SecurityConfiguration: 'sec-a',
      ExecutionProperty: { MaxConcurrentRuns: 4 },
      NotificationProperty: { NotifyDelayAfter: 10 },
      NonOverridableArguments: { '--ENV': 'dev/' },
      JobRunQueuingEnabled: true,
      Command: { Name: 'glueetl', PythonVersion: '3' },
    });
    expect(j.DefaultArguments).toMatchObject({
      '--job-bookmark-option': 'job-bookmark-enable',
      '--enable-spark-ui': 'true',
      '--spark-event-logs-path': uri('spark_event_logs/spark/'),
      '--conf': 'spark.sql.shuffle.partitions=8 --conf spark.x=y',
      '--extra-jars': `${uri('src_code/extra/jars/a.jar')},s3://other/b.jar`,
      '--extra-files': uri('src_code/extra/conf/app.conf'),
      '--extra-py-files': uri('src_code/external_libs.zip'),
      '--additional-python-modules': `${uri('src_code/wheels/tiny-1.0-py3-none-any.whl')},requests==2.32.3`,
    });
    const arn = `arn:aws:glue:${EMULATOR_REGION}:${EMULATOR_ACCOUNT_ID}:job/${np}spark`;
    expect((await glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toMatchObject({ cost: 'etl' });
    // The repository files it names, and the wheel, are uploaded.
    for (const key of ['src_code/extra/jars/a.jar', 'src_code/wheels/tiny-1.0-py3-none-any.whl']) {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `dev/${key}` }));
    }
  });

  it('gives a pythonshell job DPUs, Glue 3.0, Python 3.9 and none of the Spark defaults', async () => {
    const j = await job('shell');
    expect(j).toMatchObject({
      Command: { Name: 'pythonshell', PythonVersion: '3.9' },
      GlueVersion: '3.0',
      MaxCapacity: 1,
    });
    expect(j.WorkerType).toBeUndefined();
    expect(j.NumberOfWorkers).toBeUndefined();
    expect(j.DefaultArguments!['--job-bookmark-option']).toBeUndefined();
  });

  it('gives streaming and Ray jobs their worker types and settings', async () => {
    expect(await job('stream')).toMatchObject({
      Command: { Name: 'gluestreaming' },
      WorkerType: 'G.025X',
      MaintenanceWindow: 'Sun:2',
      ExecutionClass: 'STANDARD',
    });
    const ray = await job('ray');
    expect(ray).toMatchObject({
      Command: { Name: 'glueray', Runtime: 'Ray2.4', PythonVersion: '3.9' },
      GlueVersion: '4.0',
      WorkerType: 'Z.2X',
    });
    expect(ray.DefaultArguments!['--s3-py-modules']).toBe(uri('src_code/external_libs.zip'));
  });

  it('zips a libs folder without __init__.py as a source root that a real Python imports', async () => {
    const got = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'dev/src_code/external_libs.zip' }),
    );
    const zip = join(repo, 'downloaded.zip');
    writeFileSync(zip, Buffer.from(await got.Body!.transformToByteArray()));
    const out = execFileSync(
      'python3',
      [
        '-c',
        'import sys; sys.path.insert(0, sys.argv[1]); import holdlib, tool; print(holdlib.answer(), tool.NAME)',
        zip,
      ],
      { encoding: 'utf8' },
    );
    expect(out.trim()).toBe('42 tool');
    const names = execFileSync(
      'python3',
      ['-c', 'import sys,zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zip],
      {
        encoding: 'utf8',
      },
    );
    expect(names).not.toMatch(/\.whl|requirements\.txt|^external_libs\//m);
  });

  it('a second deploy of the same tree writes nothing', async () => {
    const since = await control.lastSeq();
    const run = await deploy(freshCopy(repo));
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ changes: '0', uploaded: '0' });
    expect((await control.requests({ since, tag })).filter((r) => r.mutating)).toEqual([]);
  });

  it('resets a declared field removed from the manifest and keeps a field set by hand', async () => {
    // Someone adds an argument by hand (UpdateJob with the complete definition, as Glue requires).
    const {
      Name: _n,
      CreatedOn: _c,
      LastModifiedOn: _l,
      AllocatedCapacity: _a,
      MaxCapacity: _m,
      ...current
    } = await job('spark');
    await glue.send(
      new UpdateJobCommand({
        JobName: `${np}spark`,
        JobUpdate: { ...current, DefaultArguments: { ...current.DefaultArguments, '--by-hand': 'yes' } },
      }),
    );
    const copy = freshCopy(repo);
    writeFileSync(
      join(copy, 'glue-jobs/pipeline.yml'),
      MANIFEST.replace('    connections: [vpc-a, jdbc-b]\n', '').replace('    job-run-queuing: true\n', ''),
    );
    const plan = await deploy(copy, { mode: 'plan' });
    const row = plan.outputs.plan!.split('\n').find((l) => l.includes(`${np}spark `))!;
    expect(row).toMatch(/update \| Connections, JobRunQueuingEnabled; kept: DefaultArguments\.--by-hand/);
    const run = await deploy(copy);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const j = await job('spark');
    expect(j.Connections?.Connections ?? []).toEqual([]);
    expect(j.JobRunQueuingEnabled).toBeUndefined();
    expect(j.DefaultArguments!['--by-hand']).toBe('yes');
    expect(j.SecurityConfiguration).toBe('sec-a');
  });
});

describe('invalid job-model combinations: one annotation each, zero writes', () => {
  const tag = `model-bad-${uniqueSuffix()}`;
  const bucket = freshBucketName('model-bad');
  const control = emulatorControl();
  const cases: [string, string, RegExp, number][] = [
    [
      'pythonshell with workers',
      '  a:\n    type: pythonshell\n    worker-type: G.1X\n',
      /worker-type is not a setting of pythonshell/,
      5,
    ],
    [
      'pythonshell capacity',
      '  a:\n    type: pythonshell\n    max-capacity: 2\n',
      /max-capacity 2 is not a pythonshell capacity/,
      5,
    ],
    [
      'FLEX on streaming',
      '  a:\n    type: gluestreaming\n    execution-class: FLEX\n',
      /FLEX is only for Spark ETL jobs/,
      5,
    ],
    [
      'maintenance-window on glueetl',
      '  a:\n    maintenance-window: "Sun:2"\n',
      /maintenance-window is not a setting of glueetl/,
      4,
    ],
    ['Z.2X on Spark', '  a:\n    worker-type: Z.2X\n', /Z\.2X is only for Ray jobs/, 4],
    ['G.025X on Spark', '  a:\n    worker-type: G.025X\n', /G\.025X is only for streaming jobs/, 4],
    [
      'job-bookmark on pythonshell',
      '  a:\n    type: pythonshell\n    job-bookmark: enable\n',
      /job-bookmark is not a setting of pythonshell/,
      5,
    ],
    ['unknown Glue version', '  a:\n    glue-version: "1.5"\n', /glue-version "1\.5" is not supported/, 4],
  ];

  beforeAll(async () => {
    await new S3Client(clientConfig()).send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it.each(cases)('%s', async (_name, job, message, line) => {
    const repo = writeRepo({
      'glue-jobs/pipeline.yml': `name: bad\njobs:\n${job}`,
      'glue-jobs/a.py': 'print(1)\n',
    });
    const since = await control.lastSeq();
    const run = await runAction({
      cwd: repo,
      inputs: emulatorInputs(bucket, { 'name-prefix': `b${uniqueSuffix()}-` }),
      env: { AWS_SDK_UA_APP_ID: tag },
    });
    expect(run.code).not.toBe(0);
    const annotations = run.errors.filter((e) => e.startsWith('::error title='));
    expect(annotations, run.errors.join('\n')).toHaveLength(1);
    expect(annotations[0]).toMatch(message);
    expect(annotations[0]).toContain(`file=glue-jobs/pipeline.yml,line=${line}`);
    expect((await control.requests({ since, tag })).filter((r) => r.mutating)).toEqual([]);
  });
});
