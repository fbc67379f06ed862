// The action: read inputs → load the pipeline → plan → (apply) → (run) → outputs and job summary.
// Every input problem is found before the first AWS write and reported as a file:line annotation.
import { basename } from 'node:path';
import * as core from '@actions/core';
import { applyPlan } from './apply/index.js';
import { makeClients } from './aws/clients.js';
import { destroyPipeline } from './destroy/index.js';
import { InputError, InputErrors } from './errors.js';
import { accountOf, type Inputs, parseInputs, readRawInputs } from './inputs.js';
import { loadPipeline } from './manifest/index.js';
import { computePlan, countPlan, readRemoteState } from './plan/index.js';
import { executionUrl, jobRunUrl, stateMachineUrl } from './report/console-links.js';
import { planMarkdown } from './report/plan-table.js';
import { annotateFailures, runMarkdown } from './report/run-summary.js';
import { deploySummaryMarkdown, writeDeploySummary } from './report/summary.js';
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
  const counts = countPlan(plan, inputs.prune);
  core.info(
    `plan: ${counts.changes} change(s), ${counts.uploads} file(s) to upload, ${counts.unchanged} unchanged`,
  );

  core.setOutput('job-names', JSON.stringify(pipeline.jobs.map((j) => j.glueName)));
  core.setOutput('has-changes', String(counts.changes > 0));
  core.setOutput('changes', String(counts.changes));

  if (inputs.mode === 'plan') {
    core.setOutput('status', 'PLANNED');
    core.setOutput('uploaded', '0');
    core.setOutput('unchanged', String(counts.unchanged));
    if (plan.stateMachine.actual) core.setOutput('state-machine-arn', plan.stateMachine.actual.arn);
    await writeDeploySummary(plan, inputs, 'PLANNED');
    return;
  }

  const result = await applyPlan(plan, clients, {
    region: inputs.region,
    account: account ?? '',
    prune: inputs.prune,
  });
  core.setOutput('status', 'DEPLOYED');
  core.setOutput('state-machine-arn', result.stateMachineArn);
  core.setOutput('uploaded', String(result.uploaded));
  core.setOutput('unchanged', String(result.unchanged));
  core.setOutput('console-url', stateMachineUrl(inputs.region, result.stateMachineArn));
  core.info(`deployed ${result.stateMachineArn}: ${result.uploaded} uploaded, ${result.unchanged} unchanged`);
  if (!inputs.runJob && !inputs.startExecution) {
    await writeDeploySummary(plan, inputs, 'DEPLOYED');
    return;
  }

  const reports = await runAfterDeploy({
    inputs,
    clients,
    pipeline,
    stateMachineArn: result.stateMachineArn,
  });
  const sections: string[] = [];
  let failed: string | undefined;
  for (const r of reports) {
    if (r.executionArn) {
      core.setOutput('execution-arn', r.executionArn);
      core.setOutput('console-url', executionUrl(inputs.region, r.executionArn));
    }
    if (r.jobRunId) {
      core.setOutput('job-run-id', r.jobRunId);
      if (r.jobRunState) core.setOutput('job-run-state', r.jobRunState);
      const glueName = pipeline.jobs.find((j) => j.name === inputs.runJob)?.glueName ?? inputs.runJob ?? '';
      if (!r.executionArn) core.setOutput('console-url', jobRunUrl(inputs.region, glueName, r.jobRunId));
    }
    sections.push(runMarkdown(r, pipeline, inputs.region));
    annotateFailures(r);
    if (r.status !== 'SUCCEEDED' && r.status !== 'STARTED') failed ??= `${r.status}: ${r.message ?? ''}`;
  }
  // The worst status wins: one failed run fails the step.
  const final =
    reports.find((r) => r.status !== 'SUCCEEDED' && r.status !== 'STARTED')?.status ?? reports.at(-1)!.status;
  core.setOutput('status', final === 'STARTED' ? 'DEPLOYED' : final);
  if (process.env.GITHUB_STEP_SUMMARY) {
    const head = deploySummaryMarkdown(plan, inputs, final === 'STARTED' ? 'DEPLOYED' : final);
    await core.summary.addRaw([head, ...sections].join('\n\n'), true).write();
  }
  core.setOutput('plan', planMarkdown(plan, inputs.prune));
  if (failed) core.setFailed(failed);
}

async function destroy(inputs: Inputs, stateMachineName: string, account: string): Promise<void> {
  const clients = makeClients({ region: inputs.region, endpointUrl: inputs.endpointUrl });
  const r = await destroyPipeline(clients, {
    stateMachineName,
    bucket: inputs.bucket,
    prefix: inputs.prefix,
    region: inputs.region,
    account,
  });
  const changes = r.jobs.length + r.objects + (r.stateMachineArn ? 1 : 0);
  core.info(
    `destroyed ${stateMachineName}: ${r.stateMachineArn ? 'state machine, ' : ''}${r.jobs.length} job(s), ${r.objects} object(s)`,
  );
  core.setOutput('status', 'DESTROYED');
  core.setOutput('changes', String(changes));
  core.setOutput('has-changes', String(changes > 0));
  core.setOutput('job-names', JSON.stringify(r.jobs));
  if (r.stateMachineArn) core.setOutput('state-machine-arn', r.stateMachineArn);
  if (process.env.GITHUB_STEP_SUMMARY) {
    const rows = [
      ...(r.stateMachineArn ? [`| state machine | ${stateMachineName} | delete |`] : []),
      ...r.jobs.map((j) => `| Glue job | ${j} | delete |`),
      `| S3 object | ${r.objects} object(s) under \`s3://${inputs.bucket}/${inputs.prefix}\` | delete |`,
    ];
    await core.summary
      .addRaw(
        `## Glue pipeline \`${stateMachineName}\`: DESTROYED\n\n| resource | name | action |\n|---|---|---|\n${rows.join('\n')}\n`,
      )
      .write();
  }
}

function reportFailure(error: unknown): void {
  const errors =
    error instanceof InputErrors ? error.errors : error instanceof InputError ? [error] : undefined;
  if (errors) {
    for (const e of errors) {
      core.error(e.fix ? `${e.message}. Fix: ${e.fix}` : e.message, {
        title: 'glue-pipeline-deploy: invalid input',
        file: e.location.file,
        startLine: e.location.line,
        startColumn: e.location.col,
      });
    }
    core.setFailed(`${errors.length} problem(s) in the input; nothing was changed.`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.stack) core.debug(error.stack);
  core.setFailed(message);
}
