// ARNs by partition: from the role ARN, else the region; the state machine's Glue task resource and
// the job ARNs follow it, and so do the console links (each partition has its own console host).
import { describe, expect, it } from 'vitest';
import { executionUrl, jobRunUrl, stateMachineUrl } from '../../src/aws/console-links.js';
import { jobArn } from '../../src/glue/aws.js';
import { partitionOf } from '../../src/partition.js';
import { buildDefinition } from '../../src/state-machine/asl.js';

describe('partitions', () => {
  it('takes the partition from the role ARN, else from the region', () => {
    expect(partitionOf('cn-north-1', 'arn:aws-cn:iam::123456789012:role/r')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1', 'arn:aws-us-gov:iam::123456789012:role/r')).toBe('aws-us-gov');
    expect(partitionOf('cn-northwest-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-east-1')).toBe('aws-us-gov');
    expect(partitionOf('eu-west-1')).toBe('aws');
    expect(partitionOf('eu-west-1', 'arn:aws:iam::123456789012:role/r')).toBe('aws');
  });

  it('builds job ARNs and the Glue task resource in that partition', () => {
    expect(jobArn('aws-cn', 'cn-north-1', '1', 'j')).toBe('arn:aws-cn:glue:cn-north-1:1:job/j');
    const asl = buildDefinition([{ name: 'a', glueName: 'a', dependsOn: [] }], { partition: 'aws-us-gov' });
    expect(JSON.stringify(asl)).toContain('"arn:aws-us-gov:states:::glue:startJobRun.sync"');
    expect(JSON.stringify(buildDefinition([{ name: 'a', glueName: 'a', dependsOn: [] }]))).toContain(
      '"arn:aws:states:::glue:startJobRun.sync"',
    );
  });

  it("links to the console of the region's partition", () => {
    const links = (region: string, partition: string) => {
      const sm = `arn:${partition}:states:${region}:123456789012:stateMachine:prod-compras`;
      const ex = `arn:${partition}:states:${region}:123456789012:execution:prod-compras:run-1`;
      return [stateMachineUrl(region, sm), executionUrl(region, ex), jobRunUrl(region, 'prod-load', 'jr_1')];
    };
    expect(links('eu-west-1', 'aws')).toEqual([
      `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/statemachines/view/${encodeURIComponent('arn:aws:states:eu-west-1:123456789012:stateMachine:prod-compras')}`,
      `https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${encodeURIComponent('arn:aws:states:eu-west-1:123456789012:execution:prod-compras:run-1')}`,
      'https://eu-west-1.console.aws.amazon.com/gluestudio/home?region=eu-west-1#/job/prod-load/run/jr_1',
    ]);
    const hostOf = (url: string) => new URL(url).host;
    const regionOf = (url: string) => new URL(url).searchParams.get('region');
    for (const [region, partition, host] of [
      ['cn-north-1', 'aws-cn', 'console.amazonaws.cn'],
      ['cn-northwest-1', 'aws-cn', 'console.amazonaws.cn'],
      ['us-gov-west-1', 'aws-us-gov', 'console.amazonaws-us-gov.com'],
      ['us-gov-east-1', 'aws-us-gov', 'console.amazonaws-us-gov.com'],
    ] as const) {
      for (const url of links(region, partition)) {
        expect(hostOf(url), url).toBe(host);
        expect(regionOf(url), url).toBe(region);
        expect(url).not.toContain('aws.amazon.com');
      }
    }
  });
});
