import * as core from '@actions/core';

/** Entry point of the action: read inputs, plan, apply, run, report. */
export async function run(): Promise<void> {
  try {
    core.info('glue-pipeline-deploy: not implemented yet');
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}
