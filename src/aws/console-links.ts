// AWS console deep links. Each partition has its own console host: a link to console.aws.amazon.com
// for a China or GovCloud resource opens the wrong sign-in. The commercial console has documented
// regional hosts (<region>.console.aws.amazon.com); the others are linked at their main host, and
// every link names its region in `?region=`.
import { type Partition, partitionOf } from '../partition.js';

const HOSTS: Record<Partition, (region: string) => string> = {
  aws: (region) => `${region}.console.aws.amazon.com`,
  'aws-cn': () => 'console.amazonaws.cn',
  'aws-us-gov': () => 'console.amazonaws-us-gov.com',
};

const base = (region: string, service: string) =>
  `https://${HOSTS[partitionOf(region)](region)}/${service}/home?region=${region}`;

export const stateMachineUrl = (region: string, arn: string) =>
  `${base(region, 'states')}#/statemachines/view/${encodeURIComponent(arn)}`;

export const executionUrl = (region: string, arn: string) =>
  `${base(region, 'states')}#/v2/executions/details/${encodeURIComponent(arn)}`;

export const jobRunUrl = (region: string, jobName: string, runId: string) =>
  `${base(region, 'gluestudio')}#/job/${encodeURIComponent(jobName)}/run/${encodeURIComponent(runId)}`;
