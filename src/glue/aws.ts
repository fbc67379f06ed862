// The Glue calls: read every declared job in batches, find which carry the full tag set, and apply
// creates/updates so that repeating any of them is harmless (a retried CreateJob whose first attempt
// was applied answers AlreadyExists: we then compare and update like any existing job).
import {
  BatchGetJobsCommand,
  CreateJobCommand,
  DeleteJobCommand,
  GetJobCommand,
  type GlueClient,
  type Job,
  ListJobsCommand,
  TagResourceCommand,
  UpdateJobCommand,
} from '@aws-sdk/client-glue';
import pLimit from 'p-limit';
import { changedFields, type GlueJobDefinition } from './definition.js';

const BATCH = 25;
const WRITE_CONCURRENCY = 4;

/** GetJob for many names: BatchGetJobs in batches, a few in flight. Missing jobs are absent from the map. */
export async function readJobs(glue: GlueClient, names: string[]): Promise<Map<string, Job>> {
  const limit = pLimit(4);
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += BATCH) batches.push(names.slice(i, i + BATCH));
  const results = await Promise.all(
    batches.map((b) => limit(() => glue.send(new BatchGetJobsCommand({ JobNames: b })))),
  );
  const jobs = new Map<string, Job>();
  for (const r of results) for (const j of r.Jobs ?? []) if (j.Name) jobs.set(j.Name, j);
  return jobs;
}

/** Names of the jobs that carry every one of `tags` (one paginated ListJobs, not one call per job). */
export async function jobsWithTags(glue: GlueClient, tags: Record<string, string>): Promise<Set<string>> {
  const names = new Set<string>();
  let NextToken: string | undefined;
  do {
    const page = await glue.send(new ListJobsCommand({ Tags: tags, MaxResults: 1000, NextToken }));
    for (const n of page.JobNames ?? []) names.add(n);
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}

export interface JobWrite {
  name: string;
  action: 'create' | 'update' | 'tag' | 'delete';
  definition?: GlueJobDefinition;
}

export function jobArn(region: string, account: string, name: string): string {
  return `arn:aws:glue:${region}:${account}:job/${name}`;
}

export async function applyJobWrites(
  glue: GlueClient,
  writes: JobWrite[],
  opts: { tags: Record<string, string>; region: string; account: string },
): Promise<void> {
  const limit = pLimit(WRITE_CONCURRENCY);
  await Promise.all(writes.map((w) => limit(() => applyOne(glue, w, opts))));
}

async function applyOne(
  glue: GlueClient,
  w: JobWrite,
  opts: { tags: Record<string, string>; region: string; account: string },
): Promise<void> {
  if (w.action === 'delete') {
    // DeleteJob succeeds for a job that does not exist: repeating it is harmless.
    await glue.send(new DeleteJobCommand({ JobName: w.name }));
    return;
  }
  if (w.action === 'create') {
    try {
      await glue.send(new CreateJobCommand({ Name: w.name, ...w.definition!, Tags: opts.tags }));
      return;
    } catch (e) {
      const name = (e as Error).name;
      if (name !== 'AlreadyExistsException' && name !== 'IdempotentParameterMismatchException') throw e;
      // Created by an earlier attempt whose response was lost (or concurrently): converge like an update.
      const { Job: existing } = await glue.send(new GetJobCommand({ JobName: w.name }));
      if (existing && changedFields(w.definition!, existing).length > 0) {
        await glue.send(new UpdateJobCommand({ JobName: w.name, JobUpdate: w.definition! }));
      }
    }
  } else if (w.action === 'update') {
    await glue.send(new UpdateJobCommand({ JobName: w.name, JobUpdate: w.definition! }));
    return;
  }
  // Existing job without the full tag set (also reached after a create that turned out to exist).
  await glue.send(
    new TagResourceCommand({ ResourceArn: jobArn(opts.region, opts.account, w.name), TagsToAdd: opts.tags }),
  );
}
