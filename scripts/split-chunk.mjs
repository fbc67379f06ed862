// Splits a large bundle chunk into modules V8 parses one at a time (used by scripts/build.mjs).
//
// Why: V8 parses a script whole, and the parser's scratch memory (its "zone", outside the JS heap)
// grows with the script: loading the 1.2 MB chunk that holds the AWS SDK peaks at 9.8 MiB of it.
// The memory is freed after the parse, but stays resident in the thread's malloc arena for the rest
// of the run. Parsed as files of about 128 KB, the peak is 2 MiB, and a worker that loads the chunk
// is 8.5 MiB smaller (bench item 3: peak RSS).
//
// A webpack ESM chunk is `export const id=…;export const ids=[…];export const modules={…}` (plus,
// in some chunks, `export const runtime=…`). The `modules` object's entries are moved, in order and
// unchanged, into part files `<chunk>.<n>.js`; the chunk imports them and exports their union under
// the same name, so the webpack runtime that loads the chunk sees no difference.
import * as acorn from 'acorn';

/** Source bytes per part: a parse of this much peaks at about 2 MiB (measured, see above). */
export const PART_BYTES = 128 * 1024;
/** What a part adds around its modules. */
const PART_WRAPPER = 'export const modules={};';

/**
 * The files that replace chunk `name` (its own name first, then its parts), or only the chunk as it
 * is when its modules fit in one part. Throws when the chunk is not webpack's ESM chunk format.
 */
export function splitChunk(name, source, partBytes = PART_BYTES) {
  if (source.length <= partBytes) return { [name]: source };
  const ast = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
  const exported = ast.body.find(
    (n) =>
      n.type === 'ExportNamedDeclaration' &&
      n.declaration?.type === 'VariableDeclaration' &&
      n.declaration.declarations.length === 1 &&
      n.declaration.declarations[0].id.name === 'modules',
  );
  const modules = exported?.declaration.declarations[0].init;
  if (modules?.type !== 'ObjectExpression' || modules.properties.some((p) => p.type !== 'Property')) {
    throw new Error(
      `build: ${name} is not a webpack ESM chunk (no \`export const modules = {…}\`); ` +
        'scripts/split-chunk.mjs needs to learn the new format',
    );
  }
  const groups = [];
  let group = [];
  let bytes = PART_WRAPPER.length;
  for (const p of modules.properties) {
    const size = p.end - p.start + 1; // and its comma
    if (group.length > 0 && bytes + size > partBytes) {
      groups.push(group);
      group = [];
      bytes = PART_WRAPPER.length;
    }
    group.push(p);
    bytes += size;
  }
  groups.push(group);
  if (groups.length === 1) return { [name]: source };

  const base = name.replace(/\.js$/, '');
  const files = {};
  const imports = groups.map((_, i) => `import{modules as m${i}}from"./${base}.${i}.js";`).join('');
  const union = groups.map((_, i) => `...m${i}`).join(',');
  files[name] =
    imports +
    source.slice(0, exported.start) +
    `export const modules={${union}};` +
    source.slice(exported.end);
  groups.forEach((g, i) => {
    files[`${base}.${i}.js`] =
      `export const modules={${g.map((p) => source.slice(p.start, p.end)).join(',')}};`;
  });
  return files;
}
