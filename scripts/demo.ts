// The README's first command: deploy the example pipeline into an embedded local AWS and run it.
//   npm run demo                      → SUCCEEDED run of the whole pipeline, exit 0
//   npm run demo -- --fail tbl_cep    → that job fails: shows the failure report, exit 1
// Starts the emulator on 127.0.0.1, creates the bucket and the two IAM roles, runs dist/index.js the
// way the runner does (start-execution: true), prints the outputs and the job summary, stops everything.
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { emulatorClientConfig, startEmulator } from '../emulator/launcher.js';
import { REPO_ROOT, runAction } from './local-runner.js';

const args = process.argv.slice(2);
const failIndex = args.indexOf('--fail');
const failJob = failIndex >= 0 ? args[failIndex + 1] : undefined;
if (failIndex >= 0 && !failJob) {
  console.error('usage: npm run demo -- [--fail <job name from glue-jobs/pipeline.yml>]');
  process.exit(2);
}

const BUCKET = 'glue-pipeline-demo';
const NAME_PREFIX = 'demo-';
const TRUST = (service: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });

const emulator = await startEmulator({ quiet: true });
let code = 1;
try {
  console.log(`local AWS (moto) on ${emulator.endpoint}`);
  const config = emulatorClientConfig(emulator.endpoint);
  await new S3Client(config).send(new CreateBucketCommand({ Bucket: BUCKET }));
  const iam = new IAMClient(config);
  const glueRole = await iam.send(
    new CreateRoleCommand({
      RoleName: 'demo-glue-job',
      AssumeRolePolicyDocument: TRUST('glue.amazonaws.com'),
    }),
  );
  const sfnRole = await iam.send(
    new CreateRoleCommand({
      RoleName: 'demo-states',
      AssumeRolePolicyDocument: TRUST('states.amazonaws.com'),
    }),
  );
  if (failJob) {
    await emulator.setJobBehaviour({
      jobName: NAME_PREFIX + failJob,
      state: 'FAILED',
      errorMessage: `AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] demo failure injected into ${failJob}`,
      logLines: {
        output: [`${failJob}: reading inputs`, `${failJob}: building DataFrame`],
        error: [
          'Traceback (most recent call last):',
          `  File "/tmp/${failJob}.py", line 18, in <module>`,
          '    main()',
          'pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND]',
        ],
      },
    });
    console.log(`job ${failJob} is set to fail (--fail)`);
  }
  console.log('running dist/index.js as the GitHub runner would (start-execution: true)\n');
  const run = await runAction({
    cwd: REPO_ROOT,
    echo: true,
    inputs: {
      bucket: BUCKET,
      prefix: 'demo/',
      'name-prefix': NAME_PREFIX,
      'role-arn': glueRole.Role!.Arn!,
      'state-machine-role-arn': sfnRole.Role!.Arn!,
      'start-execution': 'true',
      'execution-input': JSON.stringify({
        source: 'npm run demo',
        arguments: { '--RUN_DATE': new Date().toISOString().slice(0, 10) },
      }),
      'endpoint-url': emulator.endpoint,
    },
  });
  console.log('\n=== outputs ===');
  for (const [k, v] of Object.entries(run.outputs)) {
    if (k !== 'plan') console.log(`${k}: ${v}`);
  }
  console.log('\n=== job summary ===');
  console.log(run.summary);
  console.log(`=== status: ${run.outputs.status ?? 'none'} (exit ${run.code}) ===`);
  code = run.code;
} catch (e) {
  console.error(e);
} finally {
  await emulator.stop();
}
process.exit(code);
