// Which worker types and execution classes Glue accepts for a Spark (glueetl) job per Glue version.
// Source: AWS Glue developer guide, "Defining job properties for Spark jobs" (worker types) and
// "Flex execution class" (FLEX needs glueetl, Glue >= 3.0, G.1X or G.2X).

export const GLUE_VERSIONS = ['2.0', '3.0', '4.0', '5.0'] as const;

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

/** Worker types that exist but not for Spark batch jobs, with the job kind they belong to. */
const OTHER_KIND_WORKERS: Record<string, string> = {
  'G.025X': 'Glue streaming jobs',
  'Z.2X': 'Ray jobs',
  Standard: 'Glue 0.9/1.0 jobs',
};

/** Returns an error message, or undefined when the combination is valid. */
export function checkWorker(glueVersion: string, workerType: string): string | undefined {
  if (!(GLUE_VERSIONS as readonly string[]).includes(glueVersion)) {
    return `glue-version "${glueVersion}" is not supported; use one of ${GLUE_VERSIONS.join(', ')}`;
  }
  const other = OTHER_KIND_WORKERS[workerType];
  if (other) return `worker-type ${workerType} is only for ${other}, not Spark ETL jobs`;
  const allowed = SPARK_WORKERS[workerType];
  if (!allowed) {
    return `worker-type "${workerType}" is unknown; use one of ${Object.keys(SPARK_WORKERS).join(', ')}`;
  }
  if (!allowed(Number(glueVersion))) {
    const ok = Object.keys(SPARK_WORKERS).filter((w) => SPARK_WORKERS[w]!(Number(glueVersion)));
    return `worker-type ${workerType} needs a newer Glue version than ${glueVersion} (valid there: ${ok.join(', ')})`;
  }
  return undefined;
}

export function checkExecutionClass(
  executionClass: string,
  glueVersion: string,
  workerType: string,
): string | undefined {
  if (executionClass !== 'FLEX') return undefined;
  if (Number(glueVersion) < 3)
    return `execution-class FLEX needs glue-version 3.0 or later (got ${glueVersion})`;
  if (workerType !== 'G.1X' && workerType !== 'G.2X') {
    return `execution-class FLEX runs only on G.1X or G.2X workers (got ${workerType})`;
  }
  return undefined;
}
