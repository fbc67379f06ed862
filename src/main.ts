// The action: read inputs → load the pipeline → plan → (apply) → (run) → outputs and job summary.
// Every input problem is found before the first AWS write and reported as a file:line annotation.
// This is the only module that sees the whole `Inputs`: the mode is decided here, and each stage
// gets an options object with what it uses.
import { basename } from 'node:path';
import * as core from '@actions/core';
import { applyPlan } from './apply/index.js';
import { makeClients } from './aws/clients.js';
import { destroyPipeline } from './destroy/index.js';
import { InputError, InputErrors } from './errors.js';
import { accountOf, type Inputs, parseInputs, readRawInputs } from './inputs.js';
import type { ArtifactLocation } from './location.js';
import { loadPipeline } from './manifest/index.js';
import { pipelineInputErrors } from './manifest/input-checks.js';
import { pipelineSecretValues, runSecretValues } from './manifest/secrets.js';
import { partitionOf } from './partition.js';
import { ownershipProblems, type Plan, planPipeline } from './plan/index.js';
import { repoPathErrors } from './repo-path.js';
import {
  reportDeploy,
  reportDestroy,
  reportFailure,
  reportPlan,
  reportPlanned,
  reportRuns,
  writeSummary,
} from './report/outputs.js';
import { logProgress } from './report/run-progress.js';
import { maskSecrets } from './report/secrets.js';
import { setFailed } from './report/write.js';
import { rememberDurations } from './run/durations.js';
import { runAfterDeploy } from './run/index.js';
import { runInputErrors } from './state-machine/run-input.js';

export async function run(): Promise<void> {
  try {
    await deploy(parseInputs(readRawInputs()));
  } catch (error) {
    reportFailure(error);
  }
}

async function deploy(inputs: Inputs): Promise<void> {
  const root = process.env.GITHUB_WORKSPACE || process.cwd();
  const defaultName = basename(process.env.GITHUB_REPOSITORY ?? root);
  const account = accountOf(inputs);
  const location: ArtifactLocation = { bucket: inputs.bucket, prefix: inputs.prefix };
  maskSecrets(runSecretValues(inputs));
  const pathErrors = repoPathErrors(root, [
    { label: 'input pipeline-file', path: inputs.pipelineFile },
    { label: 'input jobs-dir', path: inputs.jobsDir },
    { label: 'input external-libs-dir', path: inputs.externalLibsDir },
    { label: 'input data-dir', path: inputs.dataDir },
    { label: 'input db-dir', path: inputs.dbDir },
  ]);
  if (pathErrors.length > 0) throw new InputErrors(pathErrors);
  const pipeline = loadPipeline(inputs.pipelineFile, {
    root,
    jobsDir: inputs.jobsDir,
    namePrefix: inputs.namePrefix,
    defaultName,
    inputDefaults: {
      glueVersion: inputs.glueVersion,
      workerType: inputs.workerType,
      numberOfWorkers: inputs.numberOfWorkers,
      arguments: inputs.defaultArguments,
    },
    placeholders: {
      bucket: inputs.bucket,
      prefix: inputs.prefix,
      region: inputs.region,
      account,
      'name-prefix': inputs.namePrefix,
    },
  });
  maskSecrets(pipelineSecretValues(pipeline));
  const pipelineErrors = pipelineInputErrors(pipeline, { root, runJob: inputs.runJob });
  if (pipelineErrors.length > 0) throw new InputErrors(pipelineErrors);
  for (const w of pipeline.warnings ?? []) core.warning(w.message, { file: w.file, startLine: w.line });
  core.info(`pipeline ${pipeline.stateMachineName}: ${pipeline.jobs.length} job(s)`);
  if (inputs.mode !== 'destroy' && inputs.startExecution) {
    const names = pipeline.jobs.map((j) => j.name);
    const errors = runInputErrors(inputs.executionInput, names, 'input execution-input');
    if (errors.length > 0) throw new InputErrors(errors);
  }
  const partition = partitionOf(inputs.region, inputs.roleArn ?? inputs.stateMachineRoleArn);
  const clients = makeClients({ region: inputs.region, endpointUrl: inputs.endpointUrl });

  if (inputs.mode === 'destroy') {
    const result = await destroyPipeline(clients, {
      stateMachineName: pipeline.stateMachineName,
      location,
      region: inputs.region,
      account: account ?? '',
      partition,
      namePrefix: inputs.namePrefix,
    });
    await reportDestroy(result, { location }, pipeline.stateMachineName);
    return;
  }

  const plan = await planPipeline(pipeline, {
    clients,
    root,
    location,
    folders: { externalLibsDir: inputs.externalLibsDir, dbDir: inputs.dbDir, dataDir: inputs.dataDir },
    roleArn: inputs.roleArn ?? '',
    stateMachineRoleArn: inputs.stateMachineRoleArn ?? '',
    userTags: inputs.tags,
    prune: inputs.prune,
    region: inputs.region,
    account,
    partition,
  });
  const summary = { location, prune: inputs.prune, region: inputs.region };
  reportPlan(plan, { prune: inputs.prune });
  const refusal = ownershipRefusal(plan, inputs.adoptExisting);
  if (inputs.mode === 'plan') {
    if (refusal) core.warning(`a deploy would be refused: ${refusal.message}. Fix: ${refusal.fix}`);
    reportPlanned(plan, { prune: inputs.prune });
    await writeSummary(plan, summary, 'PLANNED');
    return;
  }
  if (refusal) throw refusal;

  const result = await applyPlan(plan, clients, {
    region: inputs.region,
    account: account ?? '',
    partition,
    prune: inputs.prune,
    namePrefix: inputs.namePrefix,
  });
  reportDeploy(result, { region: inputs.region });
  if (!inputs.runJob && !inputs.startExecution) {
    await writeSummary(plan, summary, 'DEPLOYED');
    return;
  }

  const runs = await runAfterDeploy({
    clients,
    pipeline,
    stateMachineArn: result.stateMachineArn,
    runJob: inputs.runJob,
    runJobArguments: inputs.runJobArguments,
    startExecution: inputs.startExecution,
    executionInput: inputs.executionInput,
    wait: inputs.wait,
    waitTimeoutMinutes: inputs.waitTimeoutMinutes,
    logLines: inputs.logLines,
    progress: logProgress(inputs.region),
  });
  await rememberDurations(clients.s3, plan.sync, result.state, runs, pipeline, (m) => core.warning(m));
  const { status, failed } = reportRuns(runs, { region: inputs.region });
  await writeSummary(plan, summary, status, runs);
  if (failed) setFailed(failed);
}

/**
 * Resources with a target name that are not this pipeline's: one error naming all of them, before
 * any write. Unowned ones are taken over only with adopt-existing; another pipeline's never.
 */
function ownershipRefusal(plan: Plan, adoptExisting: boolean): InputError | undefined {
  const { adopt, refuse } = ownershipProblems(plan);
  const blocked = adoptExisting ? [] : adopt;
  if (blocked.length === 0 && refuse.length === 0) return undefined;
  const parts: string[] = [];
  if (blocked.length > 0) parts.push(`exist but are not tagged as this pipeline's: ${blocked.join(', ')}`);
  if (refuse.length > 0) parts.push(`belong to another pipeline or prefix: ${refuse.join(', ')}`);
  const fixes: string[] = [];
  if (blocked.length > 0)
    fixes.push('set adopt-existing: true to adopt the untagged ones (only the declared fields are managed)');
  if (refuse.length > 0)
    fixes.push(
      "use another name-prefix or job names for this pipeline; the other pipeline's resources are never taken over",
    );
  return new InputError(`resources with this pipeline's names ${parts.join('; ')}`, {}, fixes.join('; '));
}
