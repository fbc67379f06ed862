// The desired Glue jobs and state machine of a pipeline, complete (pure): what the diff compares
// against what AWS has.
import { desiredDefinition, type GlueJobDefinition } from '../glue/definition.js';
import type { ArtifactLocation } from '../location.js';
import type { Pipeline } from '../model.js';
import { buildDefinition, serializeDefinition } from '../state-machine/asl.js';
import type { DesiredStateMachine } from '../state-machine/compare.js';
import { resourceTags } from '../tags.js';

export interface DesiredJob {
  name: string;
  glueName: string;
  definition: GlueJobDefinition;
}

export interface DesiredResources {
  /** In the manifest's order. */
  jobs: DesiredJob[];
  stateMachine: DesiredStateMachine;
  /** The tag set every resource carries (user tags + ownership tags). */
  tags: Record<string, string>;
}

export interface DesiredOptions {
  location: ArtifactLocation;
  /** Empty in plan mode when not given: then roles are not compared. */
  roleArn: string;
  stateMachineRoleArn: string;
  userTags: Record<string, string>;
  /** Key of the external-libs zip, when there is one. */
  extraPyFilesKey?: string;
}

export function desiredResources(pipeline: Pipeline, opts: DesiredOptions): DesiredResources {
  const tags = resourceTags(opts.userTags, pipeline.stateMachineName, opts.location);
  const jobs = pipeline.jobs.map((job) => ({
    name: job.name,
    glueName: job.glueName,
    definition: desiredDefinition(job, {
      ...opts.location,
      roleArn: opts.roleArn,
      extraPyFilesKey: opts.extraPyFilesKey,
    }),
  }));
  const stateMachine: DesiredStateMachine = {
    name: pipeline.stateMachineName,
    definition: serializeDefinition(
      buildDefinition(pipeline.jobs, {
        comment: `Glue pipeline ${pipeline.name}`,
        expectedDurations: hints(pipeline),
      }),
    ),
    roleArn: opts.stateMachineRoleArn,
    tags,
  };
  return { jobs, stateMachine, tags };
}

/** Manifest `expected-minutes` as the builder's duration hints; undefined when no job has one. */
function hints(pipeline: Pipeline): Map<string, number> | undefined {
  const known = pipeline.jobs.filter((j) => j.expectedMinutes !== undefined);
  return known.length > 0 ? new Map(known.map((j) => [j.name, j.expectedMinutes!])) : undefined;
}
