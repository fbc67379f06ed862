// The desired Glue jobs and state machine of a pipeline (pure): for each job the fields the manifest
// declares and its tags; the complete definitions are made in diff.ts, on top of what GetJob returned.
import { declaredDefinition, type GlueJobDefinition } from '../glue/definition.js';
import type { ArtifactLocation } from '../location.js';
import type { Pipeline } from '../model.js';
import { type BuildOptions, buildDefinition, expected, serializeDefinition } from '../state-machine/asl.js';
import type { DesiredStateMachine } from '../state-machine/compare.js';
import { chooseSchedule, expectedSeconds } from '../state-machine/learned.js';
import { withNotifications } from '../state-machine/notify.js';
import { resourceTags } from '../tags.js';

export interface DesiredJob {
  name: string;
  glueName: string;
  /** Only the declared fields (a create sends exactly these). */
  declared: GlueJobDefinition;
  /** User tags, the job's own tags, ownership tags. */
  tags: Record<string, string>;
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
  /** Wheel URIs and requirements.txt lines of the libs folder, installed by every job. */
  libModules?: string[];
  /** AWS partition of the state machine's task resources (default aws). */
  partition?: string;
  /** Region of the deploy (the notifications' console links). */
  region?: string;
}

/** Each job's Glue name and tag set: user tags, its own tags, the ownership tags (which win). */
export function jobsWithTheirTags(
  pipeline: Pipeline,
  userTags: Record<string, string>,
  location: ArtifactLocation,
): { glueName: string; tags: Record<string, string> }[] {
  return pipeline.jobs.map((job) => ({
    glueName: job.glueName,
    tags: resourceTags({ ...userTags, ...job.tags }, pipeline.stateMachineName, location),
  }));
}

export function desiredResources(pipeline: Pipeline, opts: DesiredOptions): DesiredResources {
  const tags = resourceTags(opts.userTags, pipeline.stateMachineName, opts.location);
  const jobTags = jobsWithTheirTags(pipeline, opts.userTags, opts.location);
  const jobs = pipeline.jobs.map((job, i) => ({
    name: job.name,
    glueName: job.glueName,
    declared: declaredDefinition(job, {
      ...opts.location,
      roleArn: opts.roleArn,
      extraPyFilesKey: opts.extraPyFilesKey,
      libModules: opts.libModules,
    }),
    tags: jobTags[i]!.tags,
  }));
  const stateMachine: DesiredStateMachine = {
    name: pipeline.stateMachineName,
    definition: stateMachineDefinition(pipeline, opts, { expectedDurations: hints(pipeline) }),
    roleArn: opts.stateMachineRoleArn,
    tags,
  };
  return { jobs, stateMachine, tags };
}

/**
 * The desired state machine once the state object and the deployed definition are known: with
 * measured durations for jobs the manifest gives no `expected-minutes`, the schedule is chosen at
 * those (learned.ts: the deployed one is kept unless the new one is more than 5 % faster).
 * Without any, `desired` is returned as it is.
 */
export function withMeasuredDurations(
  desired: DesiredResources,
  pipeline: Pipeline,
  measured: Readonly<Record<string, readonly number[]>> | undefined,
  deployed: string | undefined,
  where: { partition?: string; region?: string },
): DesiredResources {
  const seconds = expectedSeconds(pipeline.jobs, measured);
  if (!seconds) return desired;
  const definition = stateMachineDefinition(pipeline, where, {
    chooseSchedule: (dag) => chooseSchedule(dag, expected(dag.names, seconds)!, deployed),
  });
  return { ...desired, stateMachine: { ...desired.stateMachine, definition } };
}

/**
 * The one place the state machine's definition is made: the jobs' schedule (from hints or a
 * chooser), then the manifest's notifications around it, so every path gets both.
 */
function stateMachineDefinition(
  pipeline: Pipeline,
  where: { partition?: string; region?: string },
  schedule: Pick<BuildOptions, 'expectedDurations' | 'chooseSchedule'>,
): string {
  return serializeDefinition(
    withNotifications(
      buildDefinition(pipeline.jobs, {
        comment: `Glue pipeline ${pipeline.name}`,
        partition: where.partition,
        ...schedule,
      }),
      {
        pipeline: pipeline.stateMachineName,
        onFailure: pipeline.notify?.onFailure,
        onSuccess: pipeline.notify?.onSuccess,
        partition: where.partition ?? 'aws',
        region: where.region ?? 'us-east-1',
        jobNames: new Map(pipeline.jobs.map((j) => [j.glueName, j.name])),
      },
    ),
  );
}

/** Manifest `expected-minutes` as the builder's duration hints; undefined when no job has one. */
function hints(pipeline: Pipeline): Map<string, number> | undefined {
  const known = pipeline.jobs.filter((j) => j.expectedMinutes !== undefined);
  return known.length > 0 ? new Map(known.map((j) => [j.name, j.expectedMinutes!])) : undefined;
}
