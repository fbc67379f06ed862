// The AWS partition of every ARN the action builds: from the role ARN when there is one
// (arn:aws-cn:iam::…), else from the region (cn-north-1 → aws-cn, us-gov-west-1 → aws-us-gov).

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export function partitionOf(region: string, roleArn?: string): Partition {
  const fromArn = roleArn?.split(':')[1];
  if (fromArn === 'aws' || fromArn === 'aws-cn' || fromArn === 'aws-us-gov') return fromArn;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
