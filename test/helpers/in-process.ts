// The action's plan and apply called in this process, as src/main.ts calls them, for integration
// tests that need a deployed pipeline and then drive one stage directly (a stale plan, a sweep).
import { vi } from 'vitest';
import { applyPlan } from '../../src/apply/index.js';
import { type Clients, makeClients } from '../../src/aws/clients.js';
import { loadPipeline } from '../../src/manifest/index.js';
import { planPipeline } from '../../src/plan/index.js';
import { EMULATOR_ACCOUNT_ID, EMULATOR_REGION, emulatorEndpoint } from './emulator.js';
import { writeRepo } from './repo.js';
import { GLUE_ROLE, STATES_ROLE } from './run-action.js';

/**
 * The action's clients against the emulator. They take credentials from the standard chain as on a
 * runner, and `tag` (AWS_SDK_UA_APP_ID) marks their requests in the emulator's log. Call
 * `vi.unstubAllEnvs()` after the test.
 */
export function actionClients(tag?: string): Clients {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
  if (tag) vi.stubEnv('AWS_SDK_UA_APP_ID', tag);
  return makeClients({ region: EMULATOR_REGION, endpointUrl: emulatorEndpoint() });
}

export const manifestOf = (name: string, jobs: string[]) =>
  `name: ${name}\njobs:\n${jobs.map((j) => `  ${j}: {}\n`).join('')}`;

/** A repository with glue-jobs/pipeline.yml declaring `jobs` (no dependencies) and their scripts. */
export function pipelineRepo(name: string, jobs: string[]): string {
  return writeRepo({
    'glue-jobs/pipeline.yml': manifestOf(name, jobs),
    ...Object.fromEntries(jobs.map((j) => [`glue-jobs/${j}.py`, `print("${j}")\n`])),
  });
}

export interface Target {
  clients: Clients;
  root: string;
  bucket: string;
  prefix: string;
  namePrefix: string;
  prune?: boolean;
  userTags?: Record<string, string>;
}

/** loadPipeline + planPipeline. */
export function planInProcess(t: Target) {
  const pipeline = loadPipeline('glue-jobs/pipeline.yml', {
    root: t.root,
    jobsDir: 'glue-jobs',
    namePrefix: t.namePrefix,
    defaultName: 'pipeline',
    inputDefaults: { glueVersion: '5.0', workerType: 'G.1X', numberOfWorkers: 2, arguments: {} },
    placeholders: {
      bucket: t.bucket,
      prefix: t.prefix,
      region: EMULATOR_REGION,
      account: EMULATOR_ACCOUNT_ID,
    },
  });
  return planPipeline(pipeline, {
    clients: t.clients,
    root: t.root,
    location: { bucket: t.bucket, prefix: t.prefix },
    folders: { externalLibsDir: 'external_libs', dbDir: 'db', dataDir: 'data' },
    roleArn: GLUE_ROLE,
    stateMachineRoleArn: STATES_ROLE,
    userTags: t.userTags ?? {},
    prune: t.prune ?? false,
    region: EMULATOR_REGION,
    account: EMULATOR_ACCOUNT_ID,
    partition: 'aws',
  });
}

export const applyOptions = (t: Pick<Target, 'namePrefix' | 'prune'>) => ({
  region: EMULATOR_REGION,
  account: EMULATOR_ACCOUNT_ID,
  partition: 'aws',
  prune: t.prune ?? false,
  namePrefix: t.namePrefix,
});

/** Plan and apply (the deploy lock aside). Its log lines go to stdout, as in the action. */
export async function deployInProcess(t: Target) {
  return applyPlan(await planInProcess(t), t.clients, applyOptions(t));
}
