// Text from AWS or from a job's log: printed so that the runner reads no command in it, escaped in
// markdown so that it adds no markup and cannot close the block it is in.
import { describe, expect, it } from 'vitest';
import { commandProofLines, markdownText, mayHoldCommand, preBlock } from '../../src/report/untrusted.js';
import { activeCommands } from '../helpers/workflow-commands.js';

const HOSTILE = [
  '::add-mask::the-real-output',
  '  ::error title=pwned::from the log',
  'prefix text ##[set-output name=status;]SUCCEEDED',
  '::stop-commands::guessed',
  '::guessed::',
  '::warning::after a fake resume',
];

describe('the runner reading our helper (the tests below depend on it)', () => {
  it('sees v2 commands at line start, v1 commands anywhere, and honours stop-commands', () => {
    const text = [
      '::error::a',
      'x ::error::not at start',
      'text ##[warning]b',
      '::stop-commands::tok',
      '::error::c',
      '::tok::',
      '::debug::d',
    ].join('\n');
    // ::error::c is inside the block; the resume line ::tok:: ends it and is not a command itself.
    expect(activeCommands(text).map((c) => `${c.name}:${c.data}`)).toEqual([
      'error:a',
      'warning:b',
      'stop-commands:tok',
      'debug:d',
    ]);
  });
});

describe('commandProofLines', () => {
  it('leaves plain text as it is', () => {
    expect(commandProofLines(['plain line', 'another: one'])).toEqual(['plain line', 'another: one']);
    expect(mayHoldCommand('a: b')).toBe(false);
    expect(mayHoldCommand('a ##[x]')).toBe(true);
  });

  it('wraps text that holds commands so that the runner acts on none of them', () => {
    const printed = commandProofLines(HOSTILE);
    expect(printed.slice(1, -1)).toEqual(HOSTILE);
    const active = activeCommands([...printed, '::notice::ours, after the block'].join('\n'));
    // Only our block's start and the command after it: the block ended where we ended it.
    expect(active.map((c) => c.name)).toEqual(['stop-commands', 'notice']);
    expect(active[0]!.data).toMatch(/^gpd-[0-9a-f]{32}$/);
  });

  it('never uses a token that appears in the text, and splits embedded newlines', () => {
    const tokens = ['gpd-aaa', 'gpd-bbb'];
    const printed = commandProofLines(['x ::gpd-AAA:: y\n::error::z'], () => tokens.shift()!);
    expect(printed).toEqual(['::stop-commands::gpd-bbb', 'x ::gpd-AAA:: y', '::error::z', '::gpd-bbb::']);
  });
});

describe('markdown escaping', () => {
  it('keeps untrusted text inline: no HTML, no cell break, no code span, no link', () => {
    const text = '<img src=x onerror=alert(1)> | `code` [link](https://evil) &amp;\nnext';
    const md = markdownText(text);
    expect(md).not.toMatch(/[<>|`[\]\n]/);
    expect(md).toContain('&lt;img');
  });

  it('puts lines in a <pre> block that their content cannot close', () => {
    const block = preBlock(['</code></pre>', '```', '<script>x</script>']);
    expect(block.match(/<\/pre>/g)).toHaveLength(1);
    expect(block.endsWith('</code></pre>')).toBe(true);
    expect(block).toContain('&lt;/code&gt;&lt;/pre&gt;');
  });
});
