// The action: read inputs → load the pipeline → plan → (apply) → (run) → outputs and job summary.
// Every input problem is found before the first AWS write and reported as a file:line annotation.
// This is the only module that sees the whole `Inputs`: the mode is decided here, and each stage
// gets an options object with what it uses.
import { basename } from 'node:path';
import * as core from '@actions/core';
import { applyPlan } from './apply/index.js';
import { makeClients } from './aws/clients.js';
import { destroyPipeline } from './destroy/index.js';
import { accountOf, type Inputs, parseInputs, readRawInputs } from './inputs.js';
import type { ArtifactLocation } from './location.js';
import { loadPipeline } from './manifest/index.js';
import { planPipeline } from './plan/index.js';
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
import { maxPollMsFromEnv, runAfterDeploy } from './run/index.js';

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
  // Local runs (npm run local) poll the emulator every second instead of backing off to 30 s.
  const maxPollMs = maxPollMsFromEnv(process.env.GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS);
  const location: ArtifactLocation = { bucket: inputs.bucket, prefix: inputs.prefix };
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
  core.info(`pipeline ${pipeline.stateMachineName}: ${pipeline.jobs.length} job(s)`);
  const clients = makeClients({ region: inputs.region, endpointUrl: inputs.endpointUrl });

  if (inputs.mode === 'destroy') {
    const result = await destroyPipeline(clients, {
      stateMachineName: pipeline.stateMachineName,
      location,
      region: inputs.region,
      account: account ?? '',
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
  });
  const summary = { location, prune: inputs.prune, region: inputs.region };
  reportPlan(plan, { prune: inputs.prune });
  if (inputs.mode === 'plan') {
    reportPlanned(plan, { prune: inputs.prune });
    await writeSummary(plan, summary, 'PLANNED');
    return;
  }

  const result = await applyPlan(plan, clients, {
    region: inputs.region,
    account: account ?? '',
    prune: inputs.prune,
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
    progress: logProgress(inputs.region),
    maxPollMs,
  });
  const { status, failed } = reportRuns(runs, { region: inputs.region });
  await writeSummary(plan, summary, status, runs);
  if (failed) core.setFailed(failed);
}
