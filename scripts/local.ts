// npm run local -- --repo DIR [--export OUT] [--fresh] [--input NAME=VALUE ...]
// Deploys the pipeline repository at DIR into the embedded local AWS and runs it, every Glue job
// executed for real in local PySpark; prints the action's outputs, its job summary and the row
// count of every Iceberg table. Exit code 0 only when the execution SUCCEEDED. The local AWS lives
// in memory: every run starts from an empty bucket and catalog, so --fresh changes nothing (kept so
// commands written for it still work; it says so).
import { parseArgs } from 'node:util';
import { parseInputFlag, report, runLocalPipeline } from './local-pipeline.js';

const USAGE = 'usage: npm run local -- --repo DIR [--export OUT] [--fresh] [--input NAME=VALUE ...]';

let values: { repo?: string; export?: string; fresh?: boolean; input?: string[]; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      repo: { type: 'string' },
      export: { type: 'string' },
      fresh: { type: 'boolean' },
      input: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help || !values.repo) {
  console.error(USAGE);
  process.exit(values.help ? 0 : 2);
}

if (values.fresh)
  console.log(
    '--fresh: nothing to empty, every local run starts from an empty bucket and catalog (the local AWS lives in memory)',
  );

let code = 1;
try {
  const inputs = Object.fromEntries((values.input ?? []).map(parseInputFlag));
  const run = await runLocalPipeline({ repo: values.repo, inputs, exportDir: values.export, echo: true });
  console.log(report(run));
  code = run.action.outputs.status === 'SUCCEEDED' ? 0 : 1;
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
}
process.exit(code);
