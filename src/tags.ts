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

/** The pull request a preview was deployed for: how mode sweep finds previews whose PR is closed. */
export const TAG_PULL_REQUEST = 'glue-pipeline-deploy:pull-request';

/** `{TAG_PULL_REQUEST: "<n>"}` in a pull_request run (GITHUB_REF refs/pull/<n>/merge), else `{}`. */
export function pullRequestTags(env: NodeJS.ProcessEnv): Record<string, string> {
  if (!/^pull_request/.test(env.GITHUB_EVENT_NAME ?? '')) return {};
  const n = /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1];
  return n ? { [TAG_PULL_REQUEST]: n } : {};
}
