import { describe, expect, it } from 'vitest';
import { runInputErrors } from '../../src/state-machine/run-input.js';

const JOBS = ['extract', 'load-all', 'odd name'];
const messages = (json: string) => runInputErrors(json, JOBS, 'input execution-input').map((e) => e.message);

describe('runInputErrors', () => {
  it('accepts inputs with or without run arguments, and keys it does not know', () => {
    expect(messages('{}')).toEqual([]);
    expect(messages('{"date": "2024-01-01"}')).toEqual([]);
    expect(
      messages(
        '{"arguments": {"--RUN_DATE": "2026-12-01"}, "jobs": {"load-all": {"arguments": {"--X": "1"}}}}',
      ),
    ).toEqual([]);
    expect(messages('{"jobs": {"extract": {}}}')).toEqual([]);
  });

  it('names an unknown job, and a job that cannot take its own arguments', () => {
    expect(messages('{"jobs": {"extrakt": {}}}')).toEqual([
      'input execution-input: "jobs" names "extrakt", which is not a job of this pipeline',
    ]);
    expect(messages('{"jobs": {"odd name": {}}}')).toHaveLength(1);
    const [error] = runInputErrors('{"jobs": {"extrakt": {}}}', JOBS, 'x');
    expect(error!.fix).toBe('use a job name from the manifest: extract, load-all');
  });

  it('refuses values Glue would refuse, and shapes the state machine cannot read', () => {
    expect(messages('{"arguments": {"--N": 5}}')).toEqual([
      'input execution-input: "arguments": --N is 5, not a string',
    ]);
    expect(messages('{"arguments": {"N": "5"}}')).toEqual([
      'input execution-input: "arguments": "N" is not an argument name',
    ]);
    expect(messages('{"arguments": []}')).toEqual(['input execution-input: "arguments" is not an object']);
    expect(messages('{"jobs": {"extract": {"arguments": {"--A": null}}}}')).toHaveLength(1);
    expect(messages('{"jobs": []}')).toEqual(['input execution-input: "jobs" is not an object']);
    expect(messages('[1]')).toEqual(['input execution-input: is not a JSON object']);
    expect(messages('{')).toEqual(['input execution-input: is not valid JSON']);
  });
});
