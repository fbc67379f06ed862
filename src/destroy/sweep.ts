// mode: sweep — destroy the previews whose pull request is closed. A conflicted or abandoned PR may
// never get its teardown run, so a scheduled workflow passes the open PR numbers and this finds every
// preview by its state machine's tags (pipeline, location and pull request, all written by the
// action), keeps those of open PRs and of other buckets or prefixes, and destroys the rest exactly as
// mode destroy would (tag-checked, nothing else touched).
import type { Clients } from '../aws/clients.js';
import type { ArtifactLocation } from '../location.js';
import { TAG_LOCATION, TAG_PIPELINE, TAG_PULL_REQUEST } from '../tags.js';
import { stateMachinesWithTags } from './aws.js';
import { type DestroyResult, destroyPipeline } from './index.js';

export interface SweepOptions {
  /** Only previews in this bucket, under this prefix (e.g. previews/). */
  location: ArtifactLocation;
  /** Only state machines whose name starts with it (e.g. pr). */
  namePrefix: string;
  openPullRequests: number[];
  region: string;
  account: string;
  /** aws, aws-cn or aws-us-gov: for the ARNs of what is deleted. */
  partition: string;
  log: (line: string) => void;
}

export interface SweptPreview extends DestroyResult {
  pullRequest: number;
  stateMachineName: string;
  location: ArtifactLocation;
}

export interface Preview {
  pullRequest: number;
  stateMachineName: string;
  location: ArtifactLocation;
}

/** The previews to destroy among tagged state machines (pure: what sweep decides, tested alone). */
export function closedPreviews(
  machines: { name: string; tags: Record<string, string> }[],
  o: Pick<SweepOptions, 'location' | 'namePrefix' | 'openPullRequests'>,
): Preview[] {
  const open = new Set(o.openPullRequests);
  const out: Preview[] = [];
  for (const m of machines) {
    const pr = Number(m.tags[TAG_PULL_REQUEST]);
    const location = parseS3Uri(m.tags[TAG_LOCATION] ?? '');
    if (!Number.isInteger(pr) || pr <= 0 || !location) continue;
    // Ours, and as named: the pipeline tag is this state machine's own name.
    if (m.tags[TAG_PIPELINE] !== m.name || !m.name.startsWith(o.namePrefix)) continue;
    if (location.bucket !== o.location.bucket || !location.prefix.startsWith(o.location.prefix)) continue;
    if (open.has(pr)) continue;
    out.push({ pullRequest: pr, stateMachineName: m.name, location });
  }
  return out.sort(
    (a, b) => a.pullRequest - b.pullRequest || a.stateMachineName.localeCompare(b.stateMachineName),
  );
}

function parseS3Uri(uri: string): ArtifactLocation | undefined {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  return m ? { bucket: m[1]!, prefix: m[2]! } : undefined;
}

export async function sweepPreviews(clients: Clients, o: SweepOptions): Promise<SweptPreview[]> {
  const machines = await stateMachinesWithTags(clients.sfn, o.namePrefix);
  const closed = closedPreviews(machines, o);
  o.log(
    `sweep: ${machines.length} state machine(s) named ${o.namePrefix || ''}*, ${closed.length} preview(s) of closed pull requests` +
      ` (open: ${o.openPullRequests.length ? o.openPullRequests.join(', ') : 'none'})`,
  );
  const swept: SweptPreview[] = [];
  // One at a time: each destroy already runs its deletes in parallel.
  for (const p of closed) {
    o.log(
      `sweep: destroying ${p.stateMachineName} (pull request #${p.pullRequest}, s3://${p.location.bucket}/${p.location.prefix})`,
    );
    const r = await destroyPipeline(clients, {
      stateMachineName: p.stateMachineName,
      location: p.location,
      region: o.region,
      account: o.account,
      partition: o.partition,
      namePrefix: o.namePrefix,
    });
    swept.push({ ...r, ...p });
  }
  return swept;
}
