// AWS console deep links (https://<region>.console.aws.amazon.com/...).

const base = (region: string, service: string) =>
  `https://${region}.console.aws.amazon.com/${service}/home?region=${region}`;

export const stateMachineUrl = (region: string, arn: string) =>
  `${base(region, 'states')}#/statemachines/view/${encodeURIComponent(arn)}`;

export const executionUrl = (region: string, arn: string) =>
  `${base(region, 'states')}#/v2/executions/details/${encodeURIComponent(arn)}`;

export const jobRunUrl = (region: string, jobName: string, runId: string) =>
  `${base(region, 'gluestudio')}#/job/${encodeURIComponent(jobName)}/run/${encodeURIComponent(runId)}`;
