// The action: read inputs → load the pipeline → plan → (apply) → (run) → outputs and job summary.
// Every input problem is found before the first AWS write and reported as a file:line annotation.
// Cancellation has one path: SIGINT/SIGTERM abort the step's one AbortController; from then on no
// AWS call that starts or changes something is sent (aws/calls.ts), what was started is stopped and
// confirmed (run/), and the step ends with status ABORTED.
// This is the only module that sees the whole `Inputs`: the mode is decided here, and each stage
// gets an options object with what it uses.
import { basename } from 'node:path';
import * as core from '@actions/core';
import { applyPlan } from './apply/index.js';
import { holderFromEnv, withDeployLock } from './apply/lock.js';
import { callerAccount } from './aws/aws-account.js';
import { CancelledError, type Clients, makeClients } from './aws/clients.js';
import { destroyPipeline } from './destroy/index.js';
import { sweepPreviews } from './destroy/sweep.js';
import { InputError, InputErrors } from './errors.js';
import { accountOf, type Inputs, parseInputs, readRawInputs } from './inputs.js';
import type { ArtifactLocation } from './location.js';
import { loadPipeline } from './manifest/index.js';
import { pipelineInputErrors } from './manifest/input-checks.js';
import { loadPipelineName } from './manifest/name.js';
import { pipelineSecretValues, runSecretValues } from './manifest/secrets.js';
import { partitionOf } from './partition.js';
import { countPlan, ownershipProblems, type Plan, planPipeline } from './plan/index.js';
import { repoPathErrors } from './repo-path.js';
import {
  reportAborted,
  reportDeploy,
  reportDestroy,
  reportFailure,
  reportPlan,
  reportPlanned,
  reportRuns,
  reportSweep,
  writeSummary,
} from './report/outputs.js';
import { logProgress } from './report/run-progress.js';
import { maskSecrets } from './report/secrets.js';
import { setFailed } from './report/write.js';
import { rememberDurations } from './run/durations.js';
import { maxPollMsFromEnv, runAfterDeploy } from './run/index.js';
import { isPreview } from './schedule/index.js';
import { runInputErrors } from './state-machine/run-input.js';
import { pullRequestTags } from './tags.js';
import { onCancelSignal } from './thread.js';

export async function run(): Promise<void> {
  const cancel = new AbortController();
  const step: Step = { phase: 'reading the inputs', cancel };
  const onSignal = (sig: NodeJS.Signals) => {
    if (cancel.signal.aborted) return;
    core.warning(`${sig} received during ${step.phase}: starting nothing more, stopping what was started`);
    cancel.abort();
  };
  const stopListening = onCancelSignal(onSignal);
  try {
    await act(parseInputs(readRawInputs()), step);
  } catch (error) {
    if (cancel.signal.aborted) reportAborted(step.phase, cancelDetail(error));
    else reportFailure(error);
  } finally {
    stopListening();
  }
}

interface Step {
  /** What the step is doing, for the cancellation message. */
  phase: string;
  cancel: AbortController;
}

/** One line about the error that ended a cancelled step (a refused call is expected, not news). */
function cancelDetail(error: unknown): string | undefined {
  if (error instanceof CancelledError) return error.message;
  const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return first?.includes('cancelled') ? first : `then: ${first}`;
}

async function act(inputs: Inputs, step: Step): Promise<void> {
  const root = process.env.GITHUB_WORKSPACE || process.cwd();
  const defaultName = basename(process.env.GITHUB_REPOSITORY ?? root);
  // Local runs (npm run local) poll the emulator every second instead of backing off to 30 s.
  const maxPollMs = maxPollMsFromEnv(process.env.GLUE_PIPELINE_DEPLOY_MAX_POLL_SECONDS);
  const location: ArtifactLocation = { bucket: inputs.bucket, prefix: inputs.prefix };
  const partition = partitionOf(inputs.region, inputs.roleArn ?? inputs.stateMachineRoleArn);
  maskSecrets(runSecretValues(inputs));
  const pathErrors = repoPathErrors(root, [
    { label: 'input pipeline-file', path: inputs.pipelineFile },
    { label: 'input jobs-dir', path: inputs.jobsDir },
    { label: 'input external-libs-dir', path: inputs.externalLibsDir },
    { label: 'input data-dir', path: inputs.dataDir },
    { label: 'input db-dir', path: inputs.dbDir },
  ]);
  if (pathErrors.length > 0) throw new InputErrors(pathErrors);
  // A lost deploy lock stops the writes like a cancellation does, but fails as an error.
  const lockLost = new AbortController();
  const clients = makeClients({
    region: inputs.region,
    endpointUrl: inputs.endpointUrl,
    timeoutSeconds: inputs.awsTimeoutSeconds,
    signal: AbortSignal.any([step.cancel.signal, lockLost.signal]),
  });
  const account = accountOf(inputs) ?? (await accountFromCredentials(clients));

  if (inputs.mode === 'sweep') {
    step.phase = 'the sweep';
    const swept = await sweepPreviews(clients, {
      location,
      namePrefix: inputs.namePrefix,
      openPullRequests: inputs.openPullRequests ?? [],
      region: inputs.region,
      account: account ?? '',
      partition,
      log: (line) => core.info(line),
    });
    await reportSweep(swept);
    return;
  }
  if (inputs.mode === 'destroy') {
    // Only the name is needed: a manifest whose scripts are gone can still be torn down.
    const name = loadPipelineName(inputs.pipelineFile, { root, defaultName });
    const stateMachineName = `${inputs.namePrefix}${name}`;
    step.phase = 'the destroy';
    const result = await destroyPipeline(clients, {
      stateMachineName,
      location,
      region: inputs.region,
      account: account ?? '',
      partition,
      namePrefix: inputs.namePrefix,
    });
    await reportDestroy(result, { location }, stateMachineName);
    return;
  }

  step.phase = 'the plan';
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
  const pipelineErrors = pipelineInputErrors(pipeline, {
    root,
    runJob: inputs.runJob,
    partition,
  });
  // Previews get no schedule unless asked (docs/orchestration.md, "Schedules").
  const scheduleSkipped = !inputs.schedulePreviews && isPreview(inputs.namePrefix, inputs.prefix);
  if (pipeline.schedule && !scheduleSkipped && inputs.mode === 'deploy' && !inputs.schedulerRoleArn) {
    pipelineErrors.push(
      new InputError(
        'input scheduler-role-arn is required: the manifest declares a schedule',
        { file: pipeline.manifestFile, line: pipeline.schedule.line },
        'set scheduler-role-arn (an output of infra/bootstrap.yml), or remove "schedule:"',
      ),
    );
  }
  if (pipelineErrors.length > 0) throw new InputErrors(pipelineErrors);
  for (const w of pipeline.warnings ?? []) core.warning(w.message, { file: w.file, startLine: w.line });
  core.info(`pipeline ${pipeline.stateMachineName}: ${pipeline.jobs.length} job(s)`);
  if (inputs.startExecution) {
    const names = pipeline.jobs.map((j) => j.name);
    const errors = runInputErrors(inputs.executionInput, names, 'input execution-input');
    if (errors.length > 0) throw new InputErrors(errors);
  }
  const makePlan = (files?: Plan['files']) =>
    planPipeline(pipeline, {
      files,
      clients,
      root,
      location,
      folders: { externalLibsDir: inputs.externalLibsDir, dbDir: inputs.dbDir, dataDir: inputs.dataDir },
      roleArn: inputs.roleArn ?? '',
      stateMachineRoleArn: inputs.stateMachineRoleArn ?? '',
      userTags: { ...inputs.tags, ...pullRequestTags(process.env) },
      prune: inputs.prune,
      region: inputs.region,
      account,
      partition,
      schedule: { roleArn: inputs.schedulerRoleArn ?? '', skipped: scheduleSkipped },
    });
  let plan = await makePlan();
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

  const apply = (p: Plan) => {
    step.phase = 'the writes (uploads, jobs, state machine)';
    return applyPlan(p, clients, {
      region: inputs.region,
      account: account ?? '',
      partition,
      prune: inputs.prune,
      namePrefix: inputs.namePrefix,
    });
  };
  // No change: no lock and no write. Changes: the lock, then the plan again under it, so this deploy
  // writes over what the previous holder left, never beside it.
  const result =
    countPlan(plan, inputs.prune).changes === 0
      ? await apply(plan)
      : await withDeployLock(
          {
            s3: clients.s3,
            bucket: inputs.bucket,
            prefix: inputs.prefix,
            pipeline: pipeline.stateMachineName,
            holder: holderFromEnv(process.env),
            waitMs: inputs.lockWaitMinutes * 60_000,
            signal: step.cancel.signal,
            log: (line) => core.info(line),
            onLost: (e) => {
              core.error(e.message);
              lockLost.abort(e);
            },
          },
          async () => {
            step.phase = 'the plan (under the deploy lock)';
            plan = await makePlan(plan.files);
            reportPlan(plan, { prune: inputs.prune });
            // What changed while this deploy waited is checked again, ownership included.
            const again = ownershipRefusal(plan, inputs.adoptExisting);
            if (again) throw again;
            // A lost lock refuses the remaining writes: say so, not which write was refused.
            const r = await apply(plan).catch((e: unknown) => {
              throw lockLost.signal.aborted ? lockLost.signal.reason : e;
            });
            if (lockLost.signal.aborted) throw lockLost.signal.reason;
            return r;
          },
        );
  if (step.cancel.signal.aborted) throw new CancelledError('the runs');
  reportDeploy(result, { region: inputs.region });
  if (!inputs.runJob && !inputs.startExecution) {
    await writeSummary(plan, summary, 'DEPLOYED');
    return;
  }

  step.phase = 'the run';
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
    stopOnTimeout: inputs.stopOnTimeout,
    logLines: inputs.logLines,
    progress: logProgress(inputs.region),
    maxPollMs,
    signal: step.cancel.signal,
  });
  await rememberDurations(clients.s3, plan.sync, result.state, runs, pipeline, (m) => core.warning(m));
  const { status, failed } = reportRuns(runs, { region: inputs.region });
  await writeSummary(plan, summary, status, runs);
  if (failed) setFailed(failed);
  else if (step.cancel.signal.aborted) reportAborted(step.phase, 'after the last run ended');
}

/**
 * Without a role ARN (mode plan, destroy, sweep) the account comes from STS. Without it no job ARN
 * can be built: ownership would be read from tag listings only, and another pipeline's job would
 * look unowned (`adopt`) instead of `refuse`.
 */
async function accountFromCredentials(clients: Clients): Promise<string | undefined> {
  try {
    return await callerAccount(clients.sts);
  } catch (e) {
    core.warning(
      `could not read the AWS account (${(e as Error).message}): jobs' ownership is read from tag listings only`,
    );
    return undefined;
  }
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
