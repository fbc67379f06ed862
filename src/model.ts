// The desired state shared by every module: what the manifest declares, fully resolved
// (defaults merged, placeholders expanded, name-prefix applied).

export type ExecutionClass = 'STANDARD' | 'FLEX';

export interface JobSpec {
  /** Key in the manifest (or the script's base name without a manifest). */
  name: string;
  /** Glue job name: name-prefix + name. */
  glueName: string;
  /** Repository-relative path of the job's script. */
  script: string;
  /** Manifest names (not Glue names) of the jobs this one waits for. */
  dependsOn: string[];
  glueVersion: string;
  workerType: string;
  numberOfWorkers: number;
  /** Minutes. */
  timeout: number;
  maxRetries: number;
  executionClass: ExecutionClass;
  additionalPythonModules: string[];
  /** Manifest arguments after placeholder expansion (Glue DefaultArguments, "--NAME": value). */
  arguments: Record<string, string>;
  /** Names of the arguments marked secret in the manifest (defaults' and the job's). */
  secretArguments?: string[];
  description?: string;
  /** Rough run time (manifest `expected-minutes`), a scheduling hint only. */
  expectedMinutes?: number;
  /** Retries of a run start refused for a transient reason (manifest `start-retries`). */
  startRetries?: number;
  /** 1-based line of the job's key in the manifest, for error annotations. */
  line?: number;
}

export interface Pipeline {
  /** Manifest `name` (without name-prefix). */
  name: string;
  /** name-prefix + name. */
  stateMachineName: string;
  jobs: JobSpec[];
  /** Repository-relative manifest path, or undefined when jobs came from jobs-dir alone. */
  manifestFile?: string;
}

/** What the state-machine builder needs of a job. */
export interface GraphNode {
  name: string;
  glueName: string;
  dependsOn: string[];
  /** Retries of a transient start error; the builder's default when absent. */
  startRetries?: number;
}
