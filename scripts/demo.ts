// The README's first command: deploy the example pipeline into an embedded local AWS and run it,
// every Glue job executed for real in local PySpark (npm run local on this repository).
//   npm run demo                       → SUCCEEDED run of the whole pipeline with each table's row count, exit 0
//   npm run demo -- --break tbl_cep    → that job really fails (its inputs point at unreadable files):
//                                        the failure report shows its Python traceback, exit 1
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { emulatorClientConfig } from '../emulator/launcher.js';
import { report, runLocalPipeline } from './local-pipeline.js';
import { REPO_ROOT } from './local-runner.js';

const USAGE = 'usage: npm run demo -- [--break <job name from glue-jobs/pipeline.yml>]';
const args = process.argv.slice(2);
if (args.includes('--fail')) {
  console.error(`--fail is gone: --break <job> now really breaks a job.\n${USAGE}`);
  process.exit(2);
}
const breakIndex = args.indexOf('--break');
const breakJob = breakIndex >= 0 ? args[breakIndex + 1] : undefined;
if (breakIndex >= 0 && !breakJob) {
  console.error(USAGE);
  process.exit(2);
}

const BUCKET = 'glue-pipeline-demo';
const PREFIX = 'demo/';
const BROKEN = `s3://${BUCKET}/${PREFIX}broken_inputs`;
// The processing date of the sample data: the tables come out as README documents them.
const RUN_DATE = '2024-09-01';

/** Inputs no job can read: a DDL file that does not parse, a stage that is not Parquet, no CSVs. */
async function uploadBrokenInputs(endpoint: string): Promise<void> {
  const s3 = new S3Client(emulatorClientConfig(endpoint));
  const put = (key: string, body: string) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `${PREFIX}broken_inputs/${key}`, Body: body }));
  await put('db/00_broken.sql', 'CREATE TABLE glue_catalog.compras.broken (id int,, name) USING iceberg;\n');
  await put('compras.parquet/part-00000.snappy.parquet', 'this is not a Parquet file\n');
}

let code = 1;
try {
  console.log(
    'npm run demo: the example pipeline, deployed into the local AWS, every job run in local PySpark',
  );
  if (breakJob) console.log(`job ${breakJob} reads broken inputs (--break)`);
  const run = await runLocalPipeline({
    repo: REPO_ROOT,
    echo: true,
    inputs: {
      bucket: BUCKET,
      prefix: PREFIX,
      'name-prefix': 'demo-',
      // The run date reaches every job as a run argument (execution input), as a daily schedule would pass it.
      'execution-input': JSON.stringify({ arguments: { '--RUN_DATE': RUN_DATE } }),
    },
    prepare: async (emulator) => {
      if (!breakJob) return;
      await uploadBrokenInputs(emulator.endpoint);
      await emulator.setRunArguments(`demo-${breakJob}`, {
        '--SOURCE_PATH': BROKEN,
        '--WORK_PATH': BROKEN,
        '--DDL_PATH': `${BROKEN}/db`,
      });
    },
  });
  console.log(report(run));
  code = run.action.outputs.status === 'SUCCEEDED' ? 0 : 1;
} catch (e) {
  console.error(e);
}
process.exit(code);
