// The local AWS emulator's patches to moto 5.2.5, one test each, plus its request log and faults.
import { CreateJobCommand, GetJobCommand, GlueClient, UpdateJobCommand } from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { clientConfig, emulatorControl, freshName } from '../helpers/emulator.js';

const glue = new GlueClient(clientConfig());
const control = emulatorControl();

describe('glue:UpdateJob (patched)', () => {
  it('replaces the whole definition, keeping tags and creation time', async () => {
    const name = freshName('upd');
    await glue.send(
      new CreateJobCommand({
        Name: name,
        Role: 'arn:aws:iam::123456789012:role/a',
        Command: { Name: 'glueetl', ScriptLocation: 's3://b/a.py' },
        DefaultArguments: { '--x': '1' },
        Timeout: 10,
        Tags: { owner: 'me' },
      }),
    );
    const before = (await glue.send(new GetJobCommand({ JobName: name }))).Job!;
    await glue.send(
      new UpdateJobCommand({
        JobName: name,
        JobUpdate: {
          Role: 'arn:aws:iam::123456789012:role/b',
          Command: { Name: 'glueetl', ScriptLocation: 's3://b/b.py' },
        },
      }),
    );
    const after = (await glue.send(new GetJobCommand({ JobName: name }))).Job!;
    expect(after.Role).toBe('arn:aws:iam::123456789012:role/b');
    expect(after.Command?.ScriptLocation).toBe('s3://b/b.py');
    expect(after.DefaultArguments ?? {}).toEqual({});
    expect(after.Timeout).toBeUndefined();
    expect(after.CreatedOn).toEqual(before.CreatedOn);
    expect(after.LastModifiedOn!.getTime()).toBeGreaterThanOrEqual(before.LastModifiedOn!.getTime());
    const seq = await control.lastSeq();
    expect(seq).toBeGreaterThan(0);
  });
});
