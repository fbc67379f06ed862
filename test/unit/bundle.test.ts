// The committed bundle (dist/, built by scripts/build.mjs): what it leaves out stays out.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

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
});
