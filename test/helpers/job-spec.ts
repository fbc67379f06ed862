// A resolved job as the manifest gives it, for unit tests of what is built from jobs.
import type { JobSpec } from '../../src/model.js';

/** Job `name` (Glue name `dev-<name>`) with the default settings; `over` replaces any of them. */
export function jobSpec(name: string, over: Partial<JobSpec> = {}): JobSpec {
  return {
    name,
    glueName: `dev-${name}`,
    script: `glue-jobs/${name}.py`,
    dependsOn: [],
    glueVersion: '5.0',
    workerType: 'G.1X',
    numberOfWorkers: 2,
    timeout: 30,
    maxRetries: 0,
    executionClass: 'STANDARD',
    additionalPythonModules: [],
    arguments: {},
    ...over,
  };
}
