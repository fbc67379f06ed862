// The Glue calls: read every declared job in batches, find which carry the full tag set, and apply
// creates/updates so that repeating any of them is harmless (a retried CreateJob whose first attempt
// was applied answers AlreadyExists: we then compare and update like any existing job).
import {
  BatchGetJobsCommand,
  CreateJobCommand,
  DeleteJobCommand,
  GetJobCommand,
  GetTagsCommand,
  type GlueClient,
  type Job,
  ListJobsCommand,
  TagResourceCommand,
  UpdateJobCommand,
} from '@aws-sdk/client-glue';
import pLimit from 'p-limit';
import { changedFields, type GlueJobDefinition } from './definition.js';

/**
 * Names per BatchGetJobs. Glue's API model (2017-03-31) puts no maximum on its JobNames list, while it
 * does on the batch reads that have one (BatchGetWorkflows and BatchGetDevEndpoints 25, BatchGetCrawlers
 * 100, BatchGetPartition 1,000), so 25 was a borrowed limit: 200 jobs took 8 requests. 1,000 is the
 * largest page any Glue job read documents (GetJobs' MaxResults): one request per 1,000 declared jobs,
 * the same growth as a listing. GetJobs itself is not used: it pages through every job of the account,
 * other pipelines' too, where BatchGetJobs reads only the declared names.
 */
const BATCH = 1000;
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

/**
 * Names of the jobs that carry every one of `tags`: one paginated ListJobs per tag, intersected (not
 * one call per job). ListJobs is filtered by one tag at a time because its filter's meaning for
 * several tags is not documented (the emulator matches any of them); ownership must not hang on it.
 */
export async function jobsWithTags(glue: GlueClient, tags: Record<string, string>): Promise<Set<string>> {
  const sets = await Promise.all(Object.entries(tags).map(([k, v]) => jobsWithTag(glue, k, v)));
  if (sets.length === 0) return new Set();
  return new Set([...sets[0]!].filter((n) => sets.every((s) => s.has(n))));
}

export async function jobsWithTag(glue: GlueClient, key: string, value: string): Promise<Set<string>> {
  const names = new Set<string>();
  let NextToken: string | undefined;
  do {
    const page = await glue.send(
      new ListJobsCommand({ Tags: { [key]: value }, MaxResults: 1000, NextToken }),
    );
    for (const n of page.JobNames ?? []) names.add(n);
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}

export interface JobWrite {
  name: string;
  /** `update` sends UpdateJob when `fields` is not empty, then tags when `tags` is given. */
  action: 'create' | 'update' | 'tag' | 'delete';
  definition?: GlueJobDefinition;
  /** Tags to write with this create or update (absent: the job already carries them). */
  tags?: Record<string, string>;
  /** Changed fields (an update without any only writes tags). */
  fields?: string[];
}

export function jobArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:glue:${region}:${account}:job/${name}`;
}

/** A job's tags (GetTags). */
export async function readJobTags(glue: GlueClient, arn: string): Promise<Record<string, string>> {
  return (await glue.send(new GetTagsCommand({ ResourceArn: arn }))).Tags ?? {};
}

export interface WriteOptions {
  arnOf: (name: string) => string;
  /**
   * Deletions only: each job's tags are read again right before it is deleted; a reason returned
   * here (it is not ours any more) leaves the job alone.
   */
  whyNotOurs?: (name: string, tags: Record<string, string>) => string | undefined;
}

/** A deletion not made, and why (shown to the user). */
export interface LeftAlone {
  name: string;
  reason: string;
}

/** Applies the writes, a few at a time; returns the deletions left alone because the job was no longer ours. */
export async function applyJobWrites(
  glue: GlueClient,
  writes: JobWrite[],
  opts: WriteOptions,
): Promise<LeftAlone[]> {
  const limit = pLimit(WRITE_CONCURRENCY);
  const leftAlone: LeftAlone[] = [];
  await Promise.all(
    writes.map((w) =>
      limit(async () => {
        const reason = await applyOne(glue, w, opts);
        if (reason) leftAlone.push({ name: w.name, reason });
      }),
    ),
  );
  return leftAlone.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Returns why a deletion was not made (undefined when every write was made). */
async function applyOne(glue: GlueClient, w: JobWrite, opts: WriteOptions): Promise<string | undefined> {
  const arn = opts.arnOf(w.name);
  if (w.action === 'delete') {
    if (opts.whyNotOurs) {
      let tags: Record<string, string>;
      try {
        tags = await readJobTags(glue, arn);
      } catch (e) {
        if ((e as Error).name === 'EntityNotFoundException') return undefined;
        throw e;
      }
      const reason = opts.whyNotOurs(w.name, tags);
      if (reason) return reason;
    }
    // DeleteJob succeeds for a job that does not exist: repeating it is harmless.
    await glue.send(new DeleteJobCommand({ JobName: w.name }));
    return undefined;
  }
  if (w.action === 'create') {
    try {
      await glue.send(
        new CreateJobCommand({
          Name: w.name,
          ...w.definition!,
          Role: w.definition!.Role ?? '',
          Command: w.definition!.Command ?? {},
          Tags: w.tags,
        }),
      );
      return undefined;
    } catch (e) {
      const name = (e as Error).name;
      if (name !== 'AlreadyExistsException' && name !== 'IdempotentParameterMismatchException') throw e;
      // Created by an earlier attempt whose response was lost (or concurrently): converge like an update.
      const { Job: existing } = await glue.send(new GetJobCommand({ JobName: w.name }));
      if (existing && changedFields(w.definition!, existing).length > 0) {
        await glue.send(new UpdateJobCommand({ JobName: w.name, JobUpdate: w.definition! }));
      }
    }
  } else if (w.action === 'update' && (w.fields?.length ?? 1) > 0) {
    await glue.send(new UpdateJobCommand({ JobName: w.name, JobUpdate: w.definition! }));
  }
  // Tags go with the create or update, in the same deploy.
  if (w.tags && Object.keys(w.tags).length > 0) {
    await glue.send(new TagResourceCommand({ ResourceArn: arn, TagsToAdd: w.tags }));
  }
  return undefined;
}
