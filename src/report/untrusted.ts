// Text the action did not write itself (job logs, error messages and names from AWS) must not be
// able to act on the workflow. The runner reads every stdout/stderr line for commands: `::name::`
// at the start of a line (after spaces) and the older `##[name]` anywhere in it. Such text is
// printed inside a `::stop-commands::<token>` … `::<token>::` block with a random token the text
// cannot know; in the job summary it is HTML-escaped, so it cannot close a block or add markup.
import { randomBytes } from 'node:crypto';

/** True when the runner could read a command in this text. */
export function mayHoldCommand(text: string): boolean {
  return text.includes('::') || text.includes('##[');
}

/**
 * The lines to print for `lines` of untrusted text: unchanged when none could hold a command,
 * else inside a stop-commands block whose token appears nowhere in them.
 */
export function commandProofLines(lines: string[], newToken: () => string = randomToken): string[] {
  const split = lines.flatMap((l) => l.split(/\r?\n|\r/));
  if (!split.some(mayHoldCommand)) return split;
  let token = newToken();
  while (split.some((l) => l.toLowerCase().includes(token.toLowerCase()))) token = newToken();
  return [`::stop-commands::${token}`, ...split, `::${token}::`];
}

function randomToken(): string {
  return `gpd-${randomBytes(16).toString('hex')}`;
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML[c]!);
}

/**
 * Untrusted text inline in markdown (a table cell, a heading, a paragraph), on one line:
 * HTML-escaped, and the characters that end a table cell, open a code span or make a link or an
 * image written as entities. Emphasis characters are left alone: they change looks, nothing more.
 */
export function markdownText(text: string): string {
  return escapeHtml(text)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[|`[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Untrusted lines as a code block the content cannot close: `<pre>` with the text HTML-escaped
 * (a fenced block would end at the first line of backticks in the text).
 */
export function preBlock(lines: string[]): string {
  return `<pre><code>${lines.map(escapeHtml).join('\n')}</code></pre>`;
}
