import { describe, expect, it } from 'vitest';
import { changedFields, declaredDefinition } from '../../src/glue/definition.js';
import { mermaidGraph } from '../../src/report/mermaid.js';
import { jobSpec } from '../helpers/job-spec.js';

const job = jobSpec('load', {
  additionalPythonModules: ['a==1', 'b==2'],
  arguments: { '--X': '1', '--enable-metrics': 'false' },
});
const ctx = {
  bucket: 'b',
  prefix: 'dev/',
  roleArn: 'arn:aws:iam::1:role/r',
  extraPyFilesKey: 'src_code/external_libs.zip',
};

describe('Glue job definition', () => {
  it('is complete: system arguments, then the manifest arguments winning on the same name', () => {
    const d = declaredDefinition(job, ctx);
    expect(d.Command).toEqual({
      Name: 'glueetl',
      ScriptLocation: 's3://b/dev/src_code/load.py',
      PythonVersion: '3',
    });
    expect(d.DefaultArguments).toMatchObject({
      '--extra-py-files': 's3://b/dev/src_code/external_libs.zip',
      '--additional-python-modules': 'a==1,b==2',
      '--TempDir': 's3://b/dev/temp_glue_assets/',
      '--datalake-formats': 'iceberg',
      '--enable-metrics': 'false',
      '--X': '1',
    });
    expect(Object.keys(d.DefaultArguments!)).toEqual([...Object.keys(d.DefaultArguments!)].sort());
  });

  it('diffs field by field against GetJob, ignoring what AWS adds or defaults', () => {
    const d = declaredDefinition(job, ctx);
    const actual = {
      ...d,
      Name: 'dev-load',
      MaxCapacity: 2,
      CreatedOn: new Date(),
      ExecutionClass: undefined,
    };
    expect(changedFields(d, actual)).toEqual([]);
    expect(
      changedFields(d, {
        ...actual,
        NumberOfWorkers: 3,
        DefaultArguments: { ...d.DefaultArguments, '--X': '2' },
      }),
    ).toEqual(['DefaultArguments.--X', 'NumberOfWorkers']);
    expect(changedFields({ ...d, Role: '' }, { ...actual, Role: 'other' })).toEqual([]);
    expect(changedFields(d, { ...actual, Command: { ...d.Command, ScriptLocation: 's3://x' } })).toEqual([
      'Command',
    ]);
  });

  it('draws the graph with each job coloured by its state', () => {
    const g = mermaidGraph(
      [
        { name: 'a', glueName: 'a', dependsOn: [] },
        { name: 'b', glueName: 'b', dependsOn: ['a'] },
      ],
      new Map([['a', 'FAILED']]),
    );
    expect(g).toContain('j0 --> j1');
    expect(g).toContain('class j0 failed');
    expect(g).toMatch(/classDef failed fill:#ffd7d5/);
    expect(g).not.toContain('class j1');
  });
});
