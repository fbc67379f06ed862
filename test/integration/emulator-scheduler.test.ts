// The emulator's request log for EventBridge Scheduler (a REST service the classifier does not
// name operation by operation): reads (GET) are not mutating, writes are; the action's "a no-op
// redeploy writes nothing" checks rely on it.
import {
  CreateScheduleGroupCommand,
  DeleteScheduleGroupCommand,
  GetScheduleGroupCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { clientConfig, emulatorControl, uniqueSuffix } from '../helpers/emulator.js';

describe('emulator request log: EventBridge Scheduler', () => {
  it('records GET as a read and POST/DELETE as writes', async () => {
    const control = emulatorControl();
    const tag = uniqueSuffix();
    const scheduler = new SchedulerClient(clientConfig(tag));
    const name = `log-${uniqueSuffix()}`;
    const since = await control.lastSeq();
    await scheduler.send(new CreateScheduleGroupCommand({ Name: name }));
    await scheduler.send(new GetScheduleGroupCommand({ Name: name }));
    await scheduler.send(new DeleteScheduleGroupCommand({ Name: name }));
    await expect(scheduler.send(new GetScheduleGroupCommand({ Name: name }))).rejects.toThrow();
    const rows = await control.requests({ since, tag });
    expect(rows.map((r) => [`${r.service}:${r.operation}`, r.mutating, r.status])).toEqual([
      ['scheduler:POST', true, 200],
      ['scheduler:GET', false, 200],
      ['scheduler:DELETE', true, 200],
      ['scheduler:GET', false, 404],
    ]);
  });
});
