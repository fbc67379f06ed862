// The committed bundle (dist/, built by scripts/build.mjs): what it leaves out stays out.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as acorn from 'acorn';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without type declarations
import { PART_BYTES } from '../../scripts/split-chunk.mjs';

const DIST = path.resolve(import.meta.dirname, '../../dist');
const chunks = readdirSync(DIST).filter((f) => f.endsWith('.js'));

describe('the bundle', () => {
  it('has no HTTP client of the toolkit, nor undici: @actions/core needs them only for OIDC tokens', () => {
    expect(chunks.length).toBeGreaterThan(1);
    for (const f of chunks.filter((c) => c !== 'no-http-client.js')) {
      const code = readFileSync(path.join(DIST, f), 'utf8');
      expect(code, f).not.toMatch(/undici|llhttp/);
    }
  });

  it('stands in for it with classes that say why if they are ever constructed', async () => {
    const stub = await import(pathToFileURL(path.join(DIST, 'no-http-client.js')).href);
    expect(() => new stub.HttpClient()).toThrow(/@actions\/http-client is not bundled .*scripts\/build\.mjs/);
    expect(() => new stub.BearerCredentialHandler()).toThrow(/not bundled/);
  });

  it('has no chunk V8 must parse whole beyond PART_BYTES, but one module alone (scripts/split-chunk.mjs)', () => {
    const sizes = chunks.map((f) => readFileSync(path.join(DIST, f), 'utf8'));
    expect(chunks.filter((f) => /^\d+\.index\.\d+\.js$/.test(f)).length).toBeGreaterThan(1);
    chunks.forEach((f, i) => {
      const code = sizes[i]!;
      if (code.length <= PART_BYTES) return;
      const ast = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
      const modules = ast.body.flatMap((n) =>
        n.type === 'ExportNamedDeclaration' && n.declaration?.type === 'VariableDeclaration'
          ? n.declaration.declarations.filter((d) => d.id.type === 'Identifier' && d.id.name === 'modules')
          : [],
      );
      expect(modules, f).toHaveLength(1);
      const init = modules[0]!.init;
      expect(init?.type === 'ObjectExpression' ? init.properties.length : -1, f).toBe(1);
    });
  });
});
