// The action: read inputs → load the pipeline → plan → (apply) → (run) → outputs and job summary.
// Every input problem is found before the first AWS write and reported as a file:line annotation.
import { basename } from 'node:path';
import * as core from '@actions/core';
import { applyPlan } from './apply/index.js';
import { makeClients } from './aws/clients.js';
import { destroyPipeline } from './destroy/index.js';
import { accountOf, type Inputs, parseInputs, readRawInputs } from './inputs.js';
import { loadPipeline } from './manifest/index.js';
import { computePlan, readRemoteState } from './plan/index.js';
import {
  reportDeploy,
  reportDestroy,
  reportFailure,
  reportPlan,
  reportRuns,
  writeSummary,
} from './report/outputs.js';
import { runAfterDeploy } from './run/index.js';
import { collectFiles, EXTERNAL_LIBS_KEY } from './s3-sync/index.js';

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
  if (inputs.mode === 'destroy') {
    await destroy(inputs, pipeline.stateMachineName, account ?? '');
    return;
  }

  const clients = makeClients({ region: inputs.region, endpointUrl: inputs.endpointUrl });
  const planInputs = {
    clients,
    bucket: inputs.bucket,
    prefix: inputs.prefix,
    userTags: inputs.tags,
    prune: inputs.prune,
  };
  // Reads only: they need the manifest, not the files, so they overlap the file walk and hashing.
  const remote = readRemoteState(pipeline, planInputs);
  remote.catch(() => undefined); // awaited below; a bad file must not leave it unhandled
  const files = await collectFiles({
    root,
    scripts: pipeline.jobs.map((j) => ({ job: j.name, path: j.script })),
    externalLibsDir: inputs.externalLibsDir,
    dbDir: inputs.dbDir,
    dataDir: inputs.dataDir,
  });
  const plan = await computePlan(
    pipeline,
    {
      ...planInputs,
      roleArn: inputs.roleArn ?? '',
      stateMachineRoleArn: inputs.stateMachineRoleArn ?? '',
      files,
      extraPyFilesKey: files.some((f) => f.key === EXTERNAL_LIBS_KEY) ? EXTERNAL_LIBS_KEY : undefined,
    },
    remote,
  );
  reportPlan(plan, inputs);
  if (inputs.mode === 'plan') {
    await writeSummary(plan, inputs, 'PLANNED');
    return;
  }

  const result = await applyPlan(plan, clients, {
    region: inputs.region,
    account: account ?? '',
    prune: inputs.prune,
  });
  reportDeploy(result, inputs);
  if (!inputs.runJob && !inputs.startExecution) {
    await writeSummary(plan, inputs, 'DEPLOYED');
    return;
  }

  const runs = await runAfterDeploy({ inputs, clients, pipeline, stateMachineArn: result.stateMachineArn });
  const { status, failed } = reportRuns(runs, plan, inputs);
  await writeSummary(plan, inputs, status, runs);
  if (failed) core.setFailed(failed);
}

async function destroy(inputs: Inputs, stateMachineName: string, account: string): Promise<void> {
  const clients = makeClients({ region: inputs.region, endpointUrl: inputs.endpointUrl });
  const result = await destroyPipeline(clients, {
    stateMachineName,
    bucket: inputs.bucket,
    prefix: inputs.prefix,
    region: inputs.region,
    account,
  });
  await reportDestroy(result, inputs, stateMachineName);
}
