// scripts/split-chunk.mjs: a large chunk becomes parts V8 parses one at a time, and loads the same.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without type declarations
import { splitChunk } from '../../scripts/split-chunk.mjs';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'split-chunk-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A chunk in webpack's ESM format with `n` modules, each exporting its id and some text. */
function chunk(n: number, text = 'x'.repeat(40)): string {
  const modules = Array.from({ length: n }, (_, i) => `${i + 10}:(e,t)=>{t.id=${i + 10};t.text="$&${text}"}`);
  return `export const id=7;export const ids=[7];export const modules={${modules.join(',')}};export const runtime=e=>e;`;
}

async function load(files: Record<string, string>, name: string) {
  for (const [f, text] of Object.entries(files)) await writeFile(path.join(dir, f), text);
  return import(pathToFileURL(path.join(dir, name)).href);
}

describe('splitChunk', () => {
  it('moves the modules into parts of at most partBytes, and the chunk loads with the same exports', async () => {
    const source = chunk(40);
    const files: Record<string, string> = splitChunk('7.index.js', source, 400);
    const parts = Object.keys(files).filter((f) => f !== '7.index.js');
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(files[p]!.length, p).toBeLessThanOrEqual(400);
    const split = await load(files, '7.index.js');
    await writeFile(path.join(dir, 'whole.js'), source);
    const whole = await import(pathToFileURL(path.join(dir, 'whole.js')).href);
    expect(split.id).toBe(7);
    expect(split.ids).toEqual([7]);
    expect(typeof split.runtime).toBe('function');
    expect(Object.keys(split.modules)).toEqual(Object.keys(whole.modules));
    for (const [key, fn] of Object.entries(
      split.modules as Record<string, (m: unknown, e: object) => void>,
    )) {
      const exports: { id?: number } = {};
      fn({}, exports);
      expect(exports.id).toBe(Number(key));
    }
  });

  it('leaves a chunk alone when it is small, or its modules fit in one part', () => {
    const small = chunk(2);
    expect(splitChunk('7.index.js', small, 10_000)).toEqual({ '7.index.js': small });
    const oneBigModule = chunk(1, 'y'.repeat(1000));
    expect(splitChunk('7.index.js', oneBigModule, 100)).toEqual({ '7.index.js': oneBigModule });
  });

  it('refuses a chunk in another format, naming it, instead of shipping it unsplit', () => {
    expect(() =>
      splitChunk('9.index.js', `export const id=9;export const things={1:()=>1};${' '.repeat(500)}`, 100),
    ).toThrow(/9\.index\.js is not a webpack ESM chunk .*split-chunk\.mjs/);
  });
});
