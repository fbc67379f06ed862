import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { analyze, simulate } from '../../bench/asl-simulate.js';
import type { GraphNode } from '../../src/model.js';
import {
  type AslDefinition,
  buildDefinition,
  DEFAULT_START_RETRIES,
  GLUE_START_JOB_RUN_SYNC,
  jobsByStateName,
  START_RETRY_ERRORS,
  serializeDefinition,
} from '../../src/state-machine/asl.js';
import { expectDependenciesHonoured, node } from '../helpers/state-machine.js';

// asl-validator builds a new Ajv per call (65–400 ms): a handful of calls in this file only.
function expectValidAsl(definition: AslDefinition): void {
  const result = validator(structuredClone(definition));
  expect(result.errorsText(), 'asl-validator').toBe('');
  expect(result.isValid).toBe(true);
}

/** The states after the Pass states that normalise the run arguments, in order. */
function scheduleStates(definition: AslDefinition): string[] {
  return Object.keys(definition.States).filter((k) => definition.States[k]!.Type !== 'Pass');
}

/** Makespan with durations by manifest name (glue name = "dev-" + name). */
function makespan(definition: AslDefinition, durations: Record<string, number>): number {
  return simulate(definition, (_, job) => durations[job!.slice('dev-'.length)]!).makespan;
}

// The example pipeline's graph (docs/example-pipeline.md, "Graph") without create_tables: its reduction.
const example: GraphNode[] = [
  node('stg_compras_parquet'),
  node('tbl_cep'),
  node('tbl_condicao_pagamento'),
  node('tbl_tipo_endereco'),
  node('tbl_fornecedores', ['stg_compras_parquet']),
  node('tbl_enderecos_fornecedores', ['stg_compras_parquet', 'tbl_fornecedores', 'tbl_tipo_endereco']),
  node('tbl_notas_fiscais_entrada', ['stg_compras_parquet', 'tbl_fornecedores', 'tbl_condicao_pagamento']),
  node('tbl_programacao_pagamento', ['tbl_condicao_pagamento', 'tbl_notas_fiscais_entrada']),
];

describe('buildDefinition', () => {
  it('runs the example pipeline with every dependency honoured, as valid ASL', () => {
    const definition = buildDefinition(example, { comment: 'compras' });
    expectValidAsl(definition);
    expectDependenciesHonoured(example, definition);
    expect(definition.Comment).toBe('compras');
    const { tasks } = analyze(definition);
    // tbl_cep has no edge: it waits for nothing and nothing waits for it.
    expect(tasks.get('tbl_cep')!.after.size).toBe(0);
    for (const [state, info] of tasks) if (state !== 'tbl_cep') expect(info.after.has('tbl_cep')).toBe(false);
    // The graph is not series-parallel, yet the only added wait is forced by the N shape:
    // with unit durations the makespan is the number of levels.
    const unit = Object.fromEntries(example.map((n) => [n.name, 1]));
    expect(makespan(definition, unit)).toBe(4);
  });

  it('renders each job as a Glue startJobRun.sync Task with its run arguments and start retries', () => {
    const definition = buildDefinition([node('a'), { ...node('b-x', ['a']), startRetries: 0 }]);
    const retry = {
      ErrorEquals: [...START_RETRY_ERRORS],
      IntervalSeconds: 10,
      BackoffRate: 3,
      MaxDelaySeconds: 300,
      MaxAttempts: DEFAULT_START_RETRIES,
      JitterStrategy: 'FULL',
    };
    const merge = (base: string) =>
      `States.JsonMerge(States.StringToJson('{"arguments":{}}'), ${base}, false)`;
    expect(definition).toEqual({
      StartAt: 'Run_input',
      States: {
        Run_input: {
          Type: 'Pass',
          Parameters: {
            'input.$': `States.JsonMerge(States.StringToJson('{"arguments":{},"jobs":{}}'), $, false)`,
          },
          Next: 'Run_jobs',
        },
        Run_jobs: {
          Type: 'Pass',
          Parameters: {
            'arguments.$': '$.input.arguments',
            'jobs.$': `States.JsonMerge(States.StringToJson('{"a":{},"b-x":{}}'), $.input.jobs, false)`,
          },
          Next: 'Run_job_keys',
        },
        Run_job_keys: {
          Type: 'Pass',
          Parameters: {
            'arguments.$': '$.arguments',
            jobs: { 'j_a.$': "$.jobs['a']", 'j_b_hx.$': "$.jobs['b-x']" },
          },
          Next: 'Run_arguments',
        },
        Run_arguments: {
          Type: 'Pass',
          Parameters: {
            'arguments.$': '$.arguments',
            jobs: { 'j_a.$': merge('$.jobs.j_a'), 'j_b_hx.$': merge('$.jobs.j_b_hx') },
          },
          Next: 'a',
        },
        a: {
          Type: 'Task',
          Resource: GLUE_START_JOB_RUN_SYNC,
          Parameters: {
            JobName: 'dev-a',
            'Arguments.$': 'States.JsonMerge($.arguments, $.jobs.j_a.arguments, false)',
          },
          ResultPath: null,
          Retry: [retry],
          Next: 'b-x',
        },
        'b-x': {
          Type: 'Task',
          Resource: GLUE_START_JOB_RUN_SYNC,
          Parameters: {
            JobName: 'dev-b-x',
            'Arguments.$': 'States.JsonMerge($.arguments, $.jobs.j_b_hx.arguments, false)',
          },
          ResultPath: null,
          End: true,
        },
      },
    });
  });

  it('keeps the Pass state names free when a job already uses one', () => {
    const definition = buildDefinition([node('Run_input'), node('weird name')]);
    expect(definition.StartAt).toBe('Run_input_2');
    expect(analyze(definition).tasks.get('Run_input')?.jobName).toBe('dev-Run_input');
    // A name that cannot be a JSONPath step gets the pipeline's arguments only.
    const text = serializeDefinition(definition);
    expect(text).not.toContain("weird name']");
    expect(text.match(/"Arguments\.\$": "\$\.arguments"/g)).toHaveLength(1);
    expectDependenciesHonoured([node('Run_input'), node('weird name')], definition);
  });

  it('makes a chain a plain sequence', () => {
    const nodes = [node('c', ['b']), node('a'), node('b', ['a'])];
    const definition = buildDefinition(nodes);
    expect(scheduleStates(definition)).toEqual(['a', 'b', 'c']);
    expect(analyze(definition).depth).toBe(0);
    expectDependenciesHonoured(nodes, definition);
  });

  it('runs the middle of a diamond in parallel, exactly on the critical path', () => {
    const nodes = [node('a'), node('b', ['a']), node('c', ['a']), node('d', ['b', 'c'])];
    const definition = buildDefinition(nodes);
    expectValidAsl(definition);
    expectDependenciesHonoured(nodes, definition);
    expect(scheduleStates(definition)).toEqual(['a', 'Parallel_1', 'd']);
    expect(makespan(definition, { a: 1, b: 5, c: 2, d: 1 })).toBe(7);
    expect(makespan(definition, { a: 1, b: 2, c: 9, d: 3 })).toBe(13);
  });

  it('schedules an N-shaped (not series-parallel) graph with the one unavoidable extra wait', () => {
    // a → c, b → c, b → d: any nesting must make d wait for a, or a for b, or c for d.
    const nodes = [node('a'), node('b'), node('c', ['a', 'b']), node('d', ['b'])];
    const definition = buildDefinition(nodes);
    expectValidAsl(definition);
    expectDependenciesHonoured(nodes, definition);
    const { tasks } = analyze(definition);
    const extra = ['a', 'b', 'c', 'd'].flatMap((s) =>
      [...tasks.get(s)!.after].filter((p) => !nodes.find((n) => n.name === s)!.dependsOn.includes(p)),
    );
    expect(extra).toEqual(['a']); // d waits for a, never slower than layering
    expect(makespan(definition, { a: 3, b: 1, c: 1, d: 1 })).toBe(4);
  });

  it('fans out wide and back in', () => {
    const leaves = Array.from({ length: 120 }, (_, i) =>
      node(`leaf_${String(i).padStart(3, '0')}`, ['root']),
    );
    const nodes = [
      node('root'),
      ...leaves,
      node(
        'sink',
        leaves.map((l) => l.name),
      ),
    ];
    const definition = buildDefinition(nodes);
    expectValidAsl(definition);
    expectDependenciesHonoured(nodes, definition);
    const parallel = definition.States.Parallel_1;
    expect(parallel?.Type === 'Parallel' && parallel.Branches.length).toBe(120);
    expect(scheduleStates(definition)).toEqual(['root', 'Parallel_1', 'sink']);
  });

  it('runs independent jobs all at once', () => {
    const nodes = [node('x'), node('y'), node('z')];
    const definition = buildDefinition(nodes);
    expect(scheduleStates(definition)).toEqual(['Parallel_1']);
    expect(makespan(definition, { x: 3, y: 7, z: 5 })).toBe(7);
  });

  it('is byte-identical whatever the order of jobs and dependencies', () => {
    const shuffled = [...example].reverse().map((n) => ({ ...n, dependsOn: [...n.dependsOn].reverse() }));
    const a = serializeDefinition(buildDefinition(example));
    const b = serializeDefinition(buildDefinition(shuffled));
    expect(b).toBe(a);
    // Duplicated dependencies change nothing either.
    const dup = example.map((n) => ({ ...n, dependsOn: [...n.dependsOn, ...n.dependsOn] }));
    expect(serializeDefinition(buildDefinition(dup))).toBe(a);
  });

  it('keeps state names valid and unique, and maps them back to jobs', () => {
    const long = `job_${'x'.repeat(100)}`;
    const nodes = [
      node('Parallel_1'),
      node('has space', ['Parallel_1']),
      node('has_space'),
      node(long, ['has space']),
      node('ünïcode.job'),
    ];
    const definition = buildDefinition(nodes);
    const { tasks } = analyze(definition);
    const all = [...tasks.keys()];
    for (const name of all) expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    expect(new Set(all).size).toBe(nodes.length);
    expect(all).toContain('Parallel_1'); // a valid job name is kept as is
    const map = jobsByStateName(nodes);
    expect([...map.keys()].sort()).toEqual([...all].sort());
    for (const [state, job] of map) expect(tasks.get(state)!.jobName).toBe(job.glueName);
    expectDependenciesHonoured(nodes, definition);
  });

  it('refuses graphs the manifest validation should have rejected', () => {
    expect(() => buildDefinition([])).toThrow(/no jobs/);
    expect(() => buildDefinition([node('a', ['b']), node('b', ['a'])])).toThrow(/cycle/);
    expect(() => buildDefinition([node('a', ['nope'])])).toThrow(/unknown job "nope"/);
    expect(() => buildDefinition([node('a'), node('a')])).toThrow(/duplicate/);
    expect(() => buildDefinition([node('a', ['a'])])).toThrow(/itself/);
  });

  it('uses expected durations to choose the cheaper wait', () => {
    // a → b, a → d, d → e, c → e (not series-parallel). Without durations the schedule cuts at
    // ASAP levels ({a, c} then {b, d} then {e}), making e wait for b; with b and e long, the hint
    // lets it delay c instead (after a, beside d), reaching the critical path a → d → e = 12.
    const nodes = [node('a'), node('b', ['a']), node('c'), node('d', ['a']), node('e', ['c', 'd'])];
    const durations = { a: 1, b: 10, c: 1, d: 1, e: 10 };
    const blind = buildDefinition(nodes);
    const hinted = buildDefinition(nodes, { expectedDurations: new Map(Object.entries(durations)) });
    expectDependenciesHonoured(nodes, hinted);
    expect(makespan(blind, durations)).toBe(21);
    expect(makespan(hinted, durations)).toBe(12);
    // A partial hint still builds (missing jobs get the median).
    expectDependenciesHonoured(nodes, buildDefinition(nodes, { expectedDurations: new Map([['b', 10]]) }));
  });
});
