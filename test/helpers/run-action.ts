// The runner emulation lives in scripts/ (the demo and the benchmark use it too); this adds what
// every end-to-end test passes: the shared emulator's endpoint and role ARNs in its account.
import { EMULATOR_ACCOUNT_ID, emulatorEndpoint } from './emulator.js';

export {
  type ActionRun,
  DIST,
  NODE24,
  parseOutputs,
  REPO_ROOT,
  runAction,
} from '../../scripts/local-runner.js';

export const GLUE_ROLE = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/glue-job-role`;
export const STATES_ROLE = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/sfn-role`;

/** Inputs of a deploy into the shared emulator: bucket, roles, endpoint, then `extra` on top. */
export function emulatorInputs(bucket: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    bucket,
    'role-arn': GLUE_ROLE,
    'state-machine-role-arn': STATES_ROLE,
    'endpoint-url': emulatorEndpoint(),
    ...extra,
  };
}
