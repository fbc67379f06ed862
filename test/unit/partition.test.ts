// ARNs by partition: from the role ARN, else the region; the state machine's Glue task resource and
// the job ARNs follow it.
import { describe, expect, it } from 'vitest';
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
});
