// Ownership tags: every resource the action creates carries them; prune and destroy only ever touch
// resources whose tags say they belong to this pipeline at this location.
import { type ArtifactLocation, s3Uri } from './location.js';

export const TAG_PIPELINE = 'glue-pipeline-deploy:pipeline';
export const TAG_LOCATION = 'glue-pipeline-deploy:location';

export function ownershipTags(stateMachineName: string, location: ArtifactLocation): Record<string, string> {
  return { [TAG_PIPELINE]: stateMachineName, [TAG_LOCATION]: s3Uri(location) };
}

/** User tags first; the ownership tags cannot be overridden. */
export function resourceTags(
  userTags: Record<string, string>,
  stateMachineName: string,
  location: ArtifactLocation,
): Record<string, string> {
  return { ...userTags, ...ownershipTags(stateMachineName, location) };
}

export type Ownership = 'ours' | 'foreign' | 'unowned';

/**
 * Whose a resource is, from its tags: ours when both ownership tags equal ours; foreign when either
 * names another pipeline or location; unowned when it carries neither (made by hand, or by other tools).
 */
export function ownershipOf(tags: Record<string, string>, ours: Record<string, string>): Ownership {
  const keys = [TAG_PIPELINE, TAG_LOCATION];
  if (keys.every((k) => tags[k] === ours[k])) return 'ours';
  return keys.some((k) => tags[k] !== undefined) ? 'foreign' : 'unowned';
}

/** "pipeline X at s3://…", for messages about a resource owned by someone else. */
export function describeOwner(tags: Record<string, string>): string {
  return `pipeline ${tags[TAG_PIPELINE] ?? '(none)'} at ${tags[TAG_LOCATION] ?? '(no location)'}`;
}

/**
 * Why a resource is not ours to delete, from the tags read right before the delete (undefined: it
 * is ours). A listing a few seconds old may be stale: another pipeline may have taken it over since.
 */
export function notOursReason(
  tags: Record<string, string>,
  ours: Record<string, string>,
): string | undefined {
  const owner = ownershipOf(tags, ours);
  if (owner === 'ours') return undefined;
  return owner === 'foreign'
    ? `it is now tagged as ${describeOwner(tags)}`
    : "it no longer carries this pipeline's ownership tags";
}

/** The pull request a preview was deployed for: how mode sweep finds previews whose PR is closed. */
export const TAG_PULL_REQUEST = 'glue-pipeline-deploy:pull-request';

/** `{TAG_PULL_REQUEST: "<n>"}` in a pull_request run (GITHUB_REF refs/pull/<n>/merge), else `{}`. */
export function pullRequestTags(env: NodeJS.ProcessEnv): Record<string, string> {
  if (!/^pull_request/.test(env.GITHUB_EVENT_NAME ?? '')) return {};
  const n = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1];
  return n ? { [TAG_PULL_REQUEST]: n } : {};
}
