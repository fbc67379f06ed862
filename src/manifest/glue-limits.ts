// What Glue accepts per job type and Glue version: worker types, execution classes, DPUs. Source: AWS
// Glue developer guide, "Defining job properties for Spark jobs" (worker types), "Flex execution
// class" (FLEX needs glueetl, Glue >= 3.0, G.1X or G.2X), "Python shell jobs" (0.0625 or 1 DPU),
// "Streaming ETL jobs" (G.025X) and "Ray jobs" (Z.2X).
import type { JobType } from '../model.js';

export const GLUE_VERSIONS = ['2.0', '3.0', '4.0', '5.0', '5.1'] as const;
const NEWEST = Number(GLUE_VERSIONS.at(-1));

const SPARK_WORKERS: Record<string, (version: number) => boolean> = {
  'G.1X': () => true,
  'G.2X': () => true,
  'G.4X': (v) => v >= 3,
  'G.8X': (v) => v >= 3,
  'G.12X': (v) => v >= 4,
  'G.16X': (v) => v >= 4,
  'R.1X': (v) => v >= 4,
  'R.2X': (v) => v >= 4,
  'R.4X': (v) => v >= 4,
  'R.8X': (v) => v >= 4,
};

/** Worker types of one job type only, with the type they belong to. */
const KIND_WORKERS: Record<string, { type: JobType; label: string; minVersion: number }> = {
  'G.025X': { type: 'gluestreaming', label: 'streaming jobs (type: gluestreaming)', minVersion: 3 },
  'Z.2X': { type: 'glueray', label: 'Ray jobs (type: glueray)', minVersion: 4 },
};

/** pythonshell DPUs Glue accepts. */
export const PYTHONSHELL_CAPACITIES = [0.0625, 1];

export interface VersionCheck {
  error?: string;
  /** A version newer than the ones known: passed through to Glue's own validation. */
  warning?: string;
}

export function checkGlueVersion(glueVersion: string): VersionCheck {
  if ((GLUE_VERSIONS as readonly string[]).includes(glueVersion)) return {};
  if (/^\d+\.\d+$/.test(glueVersion) && Number(glueVersion) > NEWEST) {
    return {
      warning: `glue-version "${glueVersion}" is newer than the versions this action knows (${GLUE_VERSIONS.join(', ')}): passed to Glue as is`,
    };
  }
  return { error: `glue-version "${glueVersion}" is not supported; use one of ${GLUE_VERSIONS.join(', ')}` };
}

/** Returns an error message, or undefined when the worker type suits the job type and version. */
export function checkWorker(type: JobType, glueVersion: string, workerType: string): string | undefined {
  const version = Number(glueVersion);
  const kind = KIND_WORKERS[workerType];
  if (type === 'glueray') {
    return workerType === 'Z.2X' ? undefined : `Ray jobs run on Z.2X workers (got ${workerType})`;
  }
  if (kind) {
    if (kind.type !== type) return `worker-type ${workerType} is only for ${kind.label}, not ${type} jobs`;
    if (version < kind.minVersion)
      return `worker-type ${workerType} needs glue-version ${kind.minVersion.toFixed(1)} or later (got ${glueVersion})`;
    return undefined;
  }
  if (workerType === 'Standard') return 'worker-type Standard is only for Glue 0.9/1.0 jobs';
  const allowed = SPARK_WORKERS[workerType];
  if (!allowed) {
    const extra = type === 'gluestreaming' ? ', G.025X' : '';
    return `worker-type "${workerType}" is unknown; use one of ${Object.keys(SPARK_WORKERS).join(', ')}${extra}`;
  }
  if (!allowed(version)) {
    const ok = Object.keys(SPARK_WORKERS).filter((w) => SPARK_WORKERS[w]!(version));
    return `worker-type ${workerType} needs a newer Glue version than ${glueVersion} (valid there: ${ok.join(', ')})`;
  }
  return undefined;
}

export function checkExecutionClass(
  type: JobType,
  executionClass: string,
  glueVersion: string,
  workerType: string,
): string | undefined {
  if (executionClass !== 'FLEX') return undefined;
  if (type !== 'glueetl')
    return `execution-class FLEX is only for Spark ETL jobs (type: glueetl), not ${type}`;
  if (Number(glueVersion) < 3)
    return `execution-class FLEX needs glue-version 3.0 or later (got ${glueVersion})`;
  if (workerType !== 'G.1X' && workerType !== 'G.2X') {
    return `execution-class FLEX runs only on G.1X or G.2X workers (got ${workerType})`;
  }
  return undefined;
}
