// The desired state shared by every module: what the manifest declares, fully resolved
// (defaults merged, placeholders expanded, name-prefix applied).

export type ExecutionClass = 'STANDARD' | 'FLEX';

/** Glue `Command.Name`: Spark ETL, Python shell, Spark streaming, Ray. */
export type JobType = 'glueetl' | 'pythonshell' | 'gluestreaming' | 'glueray';

export type JobBookmark = 'enable' | 'disable' | 'pause';

export interface JobSpec {
  /** Key in the manifest (or the script's base name without a manifest). */
  name: string;
  /** Glue job name: name-prefix + name. */
  glueName: string;
  /** Repository-relative path of the job's script. */
  script: string;
  /** Manifest names (not Glue names) of the jobs this one waits for. */
  dependsOn: string[];
  /** Default glueetl. */
  type?: JobType;
  glueVersion: string;
  /** Absent for a pythonshell job, which runs on max-capacity instead of workers. */
  workerType?: string;
  numberOfWorkers?: number;
  /** Minutes. */
  timeout: number;
  maxRetries: number;
  /** Only for glueetl jobs (absent otherwise). */
  executionClass?: ExecutionClass;
  additionalPythonModules: string[];
  /** Manifest arguments after placeholder expansion (Glue DefaultArguments, "--NAME": value). */
  arguments: Record<string, string>;
  /** Names of the arguments marked secret in the manifest (defaults' and the job's). */
  secretArguments?: string[];
  description?: string;
  pythonVersion?: string;
  /** Ray runtime, e.g. Ray2.4. */
  runtime?: string;
  /** pythonshell DPUs: 0.0625 or 1. */
  maxCapacity?: number;
  connections?: string[];
  securityConfiguration?: string;
  maxConcurrentRuns?: number;
  /** Minutes. */
  notifyDelayAfter?: number;
  /** After placeholder expansion. */
  nonOverridableArguments?: Record<string, string>;
  jobRunQueuing?: boolean;
  /** Streaming only, e.g. "Sun:2". */
  maintenanceWindow?: string;
  jobBookmark?: JobBookmark;
  sparkUi?: boolean;
  sparkConf?: Record<string, string>;
  /** Repository paths (uploaded) or s3:// URIs. */
  extraJars?: string[];
  extraFiles?: string[];
  /** Job tags, added to the user and ownership tags. */
  tags?: Record<string, string>;
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
  /** Manifest `notify`: SNS topics the state machine publishes to; `line` of each key for annotations. */
  notify?: { onFailure?: string; onSuccess?: string; lines?: { onFailure?: number; onSuccess?: number } };
  /** Manifest `schedule`: an EventBridge Scheduler expression and the execution input it starts with. */
  schedule?: { expression: string; input: string; line?: number; inputLine?: number };
  /** Accepted but worth a `::warning` (e.g. a Glue version newer than the ones known). */
  warnings?: { message: string; file?: string; line?: number }[];
}

/** What the state-machine builder needs of a job. */
export interface GraphNode {
  name: string;
  glueName: string;
  dependsOn: string[];
  /** Retries of a transient start error; the builder's default when absent. */
  startRetries?: number;
}
