// Builds the action into one folder (default dist/, or the one after -o) with ncc's API, which,
// unlike its command line, takes `mainFields`. The folder is emptied first, so a chunk of an
// earlier build cannot linger next to the new ones (CI compares the whole folder).
//
// Packages are resolved through their ES-module entry (`module`) before `main`: the SDK's ES
// modules keep each command in a module of its own and let the credential providers load as
// separate chunks when used, where its CommonJS builds put a whole client in one module.
// Measured: 8 MiB less resident memory once the action is loaded (bench item 3).
// Chunks are then minified (terser) and the SDK's chunk split into parts V8 parses one at a time
// (split-chunk.mjs).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ncc from '@vercel/ncc';
import { minify } from 'terser';
import { splitChunk } from './split-chunk.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let out = path.join(root, 'dist');
for (let i = 0; i < args.length; i++) {
  if (args[i] === '-o' || args[i] === '--out') out = path.resolve(args[++i]);
  else if (args[i] !== '--quiet' && args[i] !== '-q') throw new Error(`build: unknown argument ${args[i]}`);
}
const quiet = args.includes('--quiet') || args.includes('-q');

// @actions/core imports its HTTP client (and through it undici, 900 KB) for one function the
// action never calls, getIDToken (OIDC tokens). Measured: loading them takes about 3.5 MiB of
// heap. They are replaced by a module whose classes say so if ever constructed.
const NO_HTTP_CLIENT = 'no-http-client.js';
const NO_HTTP_CLIENT_SOURCE = `// Stands in for @actions/http-client (scripts/build.mjs): the action requests no OIDC token.
const unused = (name) => class { constructor() { throw new Error(name + ' is not bundled with this action (scripts/build.mjs)'); } };
export const HttpClient = unused('@actions/http-client');
export const BearerCredentialHandler = unused('@actions/http-client/lib/auth');
`;
const { code, assets } = await ncc(path.join(root, 'src/index.ts'), {
  cache: false,
  license: 'licenses.txt',
  mainFields: ['module', 'main'],
  quiet: true,
  externals: {
    '@actions/http-client': `./${NO_HTTP_CLIENT}`,
    '@actions/http-client/lib/auth': `./${NO_HTTP_CLIENT}`,
  },
});
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = {
  'index.js': code,
  [NO_HTTP_CLIENT]: NO_HTTP_CLIENT_SOURCE,
  ...Object.fromEntries(Object.entries(assets).map(([n, a]) => [n, a.source])),
};
for (const [name, source] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
  if (!name.endsWith('.js')) {
    writeFileSync(path.join(out, name), source);
    continue;
  }
  // A file under the part size (the entry, the stub) is written as it is (split-chunk.mjs).
  const parts = splitChunk(name, await minified(name, source));
  for (const [file, text] of Object.entries(parts)) writeFileSync(path.join(out, file), text);
}

/**
 * Every chunk minified (ncc's own `minify` leaves chunks as they are): the code the runner compiles
 * at start-up drops from 4.8 to about 2 MB, as unused exports (most of each SDK client's commands)
 * go. Names of functions and classes are kept, so stack traces and error names stay readable.
 */
async function minified(name, source) {
  const r = await minify(String(source), {
    module: true,
    compress: { passes: 1 },
    mangle: true,
    keep_classnames: true,
    keep_fnames: true,
    // ASCII only: one character above U+00FF anywhere in a chunk makes V8 hold the whole source
    // as a two-byte string (3.1 MiB instead of 1.6 for the SDK chunk, for as long as it runs).
    format: { comments: false, ascii_only: true },
  });
  if (r.code === undefined) throw new Error(`build: terser gave nothing for ${name}`);
  return r.code;
}
if (!quiet)
  console.log(
    `built ${path.relative(process.cwd(), out) || '.'}: index.js and ${Object.keys(assets).length} more file(s)`,
  );
