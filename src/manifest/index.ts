// Loads the pipeline: from the manifest when it exists, else every *.py directly in jobs-dir,
// chained one after another in file-name order.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, InputErrors } from '../errors.js';
import type { Pipeline } from '../model.js';
import { parseManifest } from './parse.js';
import { type ResolveContext, resolvePipeline } from './resolve.js';
import type { ManifestInput } from './schema.js';

export { expandPlaceholders, type ResolveContext } from './resolve.js';

export function loadPipeline(pipelineFile: string, ctx: Omit<ResolveContext, 'manifestFile'>): Pipeline {
  const manifestPath = join(ctx.root, pipelineFile);
  if (existsSync(manifestPath)) {
    const parsed = parseManifest(readFileSync(manifestPath, 'utf8'), pipelineFile);
    const { manifest, jobLines, lineOf } = parsed;
    const pipeline = resolvePipeline(manifest, { ...ctx, manifestFile: pipelineFile }, jobLines, lineOf);
    return { ...pipeline, warnings: [...parsed.warnings, ...(pipeline.warnings ?? [])] };
  }
  const dir = join(ctx.root, ctx.jobsDir);
  if (!existsSync(dir)) {
    throw new InputErrors([
      new InputError(
        `neither ${pipelineFile} nor the jobs folder ${ctx.jobsDir} exists`,
        { file: pipelineFile },
        'set pipeline-file or jobs-dir to where your Glue scripts are',
      ),
    ]);
  }
  const scripts = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.py'))
    .map((e) => e.name)
    .sort();
  const jobs: ManifestInput['jobs'] = {};
  let previous: string | undefined;
  for (const script of scripts) {
    const name = script.slice(0, -3);
    jobs[name] = previous ? { 'depends-on': [previous] } : {};
    previous = name;
  }
  if (scripts.length === 0) {
    throw new InputErrors([
      new InputError(
        `no manifest (${pipelineFile}) and no *.py script in ${ctx.jobsDir}`,
        { file: ctx.jobsDir },
        `add ${pipelineFile} or put the job scripts directly in ${ctx.jobsDir}`,
      ),
    ]);
  }
  return resolvePipeline({ jobs }, { ...ctx, manifestFile: undefined });
}
