// The emulator patch for job fields moto does not store (the block at the end of
// emulator/patches.py): JobRunQueuingEnabled and MaintenanceWindow survive CreateJob, come back from
// GetJob and BatchGetJobs, and UpdateJob replaces them like any other field (left out = reset).
import {
  BatchGetJobsCommand,
  CreateJobCommand,
  GetJobCommand,
  GlueClient,
  UpdateJobCommand,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { clientConfig, EMULATOR_ACCOUNT_ID, freshName } from '../helpers/emulator.js';

const glue = new GlueClient(clientConfig());
const ROLE = `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/glue`;

describe('Glue job fields moto drops (patched)', () => {
  it('stores JobRunQueuingEnabled on create and returns it from GetJob and BatchGetJobs', async () => {
    const name = freshName('queue');
    await glue.send(
      new CreateJobCommand({
        Name: name,
        Role: ROLE,
        Command: { Name: 'glueetl', ScriptLocation: 's3://b/a.py' },
        JobRunQueuingEnabled: true,
      }),
    );
    expect((await glue.send(new GetJobCommand({ JobName: name }))).Job!.JobRunQueuingEnabled).toBe(true);
    const batch = await glue.send(new BatchGetJobsCommand({ JobNames: [name] }));
    expect(batch.Jobs![0]!.JobRunQueuingEnabled).toBe(true);
    // UpdateJob replaces the definition: left out, the field is reset.
    await glue.send(
      new UpdateJobCommand({
        JobName: name,
        JobUpdate: { Role: ROLE, Command: { Name: 'glueetl', ScriptLocation: 's3://b/a.py' } },
      }),
    );
    expect((await glue.send(new GetJobCommand({ JobName: name }))).Job!.JobRunQueuingEnabled).toBeUndefined();
  });

  it('stores MaintenanceWindow on create and replaces it on update', async () => {
    const name = freshName('window');
    await glue.send(
      new CreateJobCommand({
        Name: name,
        Role: ROLE,
        Command: { Name: 'gluestreaming', ScriptLocation: 's3://b/s.py' },
        MaintenanceWindow: 'Sun:2',
      }),
    );
    expect((await glue.send(new GetJobCommand({ JobName: name }))).Job!.MaintenanceWindow).toBe('Sun:2');
    await glue.send(
      new UpdateJobCommand({
        JobName: name,
        JobUpdate: {
          Role: ROLE,
          Command: { Name: 'gluestreaming', ScriptLocation: 's3://b/s.py' },
          MaintenanceWindow: 'Wed:14',
        },
      }),
    );
    expect((await glue.send(new GetJobCommand({ JobName: name }))).Job!.MaintenanceWindow).toBe('Wed:14');
  });
});
