// infra/bootstrap.yml: deployed into the local emulator (moto's CloudFormation), and checked as a
// template for what moto cannot show (bucket versioning, public access block, lifecycle, access
// logging, TLS-only policies, OIDC provider, parameter rules: moto 5.2.5 ignores or skips them),
// against the AWS calls src/ makes (every deploy role; the sweep role against the calls a sweep
// makes), and for isolation: with the policies the emulator returns, no role of one environment or
// of the previews reaches another's keys, names, database or roles.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import {
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { callerAccount } from '../../src/aws/aws-account.js';
import { sweepPreviews } from '../../src/destroy/sweep.js';
import { TAG_PULL_REQUEST } from '../../src/tags.js';
import {
  clientConfig,
  EMULATOR_ACCOUNT_ID,
  EMULATOR_REGION,
  emulatorControl,
  freshBucketName,
  uniqueSuffix,
} from '../helpers/emulator.js';
import {
  allows,
  conditionsHold,
  type PolicyDocument,
  type Request,
  type Statement,
} from '../helpers/iam-policy.js';
import { actionClients, deployInProcess, pipelineRepo } from '../helpers/in-process.js';
import { sourceFiles } from '../helpers/sources.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATE_PATH = path.join(ROOT, 'infra', 'bootstrap.yml');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// --- the template as data (CloudFormation short-form tags become their long form) -----------------

const INTRINSICS = ['Ref', 'Condition', 'Sub', 'GetAtt', 'Join', 'Split', 'Select', 'If', 'Not', 'Equals'];

const longName = (n: string): string => (n === 'Ref' || n === 'Condition' ? n : `Fn::${n}`);
const cfnTags = INTRINSICS.flatMap((n) => [
  { tag: `!${n}`, resolve: (s: string) => ({ [longName(n)]: n === 'GetAtt' ? s.split('.') : s }) },
  {
    tag: `!${n}`,
    collection: 'seq' as const,
    resolve: (seq: { toJSON(): unknown }) => ({ [longName(n)]: seq.toJSON() }),
  },
]);

// biome-ignore lint/suspicious/noExplicitAny: a CloudFormation template is untyped data
function loadTemplate(): any {
  return parse(readFileSync(TEMPLATE_PATH, 'utf8'), { customTags: cfnTags });
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

function policyOf(template: ReturnType<typeof loadTemplate>, role: string): PolicyDocument {
  const policies = template.Resources[role].Properties.Policies as { PolicyDocument: PolicyDocument }[];
  expect(policies).toHaveLength(1);
  return policies[0]!.PolicyDocument;
}

function actionsOf(doc: PolicyDocument): string[] {
  return [...new Set(doc.Statement.flatMap((s) => asList(s.Action)))].sort();
}

// --- which AWS actions src/ calls, read from its SDK commands -------------------------------------

const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-glue': 'glue',
  '@aws-sdk/client-sfn': 'states',
  '@aws-sdk/client-cloudwatch-logs': 'logs',
  '@aws-sdk/client-scheduler': 'scheduler',
  '@aws-sdk/client-sts': 'sts',
};
// Calls any credentials may make: no policy grants them.
const NEEDS_NO_PERMISSION = new Set(['sts:GetCallerIdentity']);
// S3 API operations whose IAM action has another name.
const S3_ACTION: Record<string, string> = {
  ListObjectsV2: 'ListBucket',
  HeadObject: 'GetObject',
  DeleteObjects: 'DeleteObject',
  CreateMultipartUpload: 'PutObject',
  UploadPart: 'PutObject',
  CompleteMultipartUpload: 'PutObject',
};

/** IAM actions of the SDK commands one source file instantiates (`new XCommand(`). */
function actionsCalledBy(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(@aws-sdk\/[a-z0-9-]+)'/g)) {
    const prefix = IAM_PREFIX[m[2]!];
    if (!prefix) continue;
    for (const name of m[1]!.split(',').map((s) => s.trim().replace(/^type\s+/, ''))) {
      const op = /^(\w+)Command$/.exec(name)?.[1];
      if (!op || !new RegExp(`new\\s+${name}\\s*\\(`).test(source)) continue;
      found.add(`${prefix}:${prefix === 's3' ? (S3_ACTION[op] ?? op) : op}`);
    }
  }
  const s3Put = found.has('s3:PutObject') || /new\s+Upload\s*\(/.test(source);
  // lib-storage's Upload: PutObject or multipart (still s3:PutObject), AbortMultipartUpload on failure.
  if (/new\s+Upload\s*\(/.test(source)) found.add('s3:PutObject').add('s3:AbortMultipartUpload');
  // Object tags sent with an upload need s3:PutObjectTagging as well.
  if (s3Put && /\bTagging\s*:/.test(source)) found.add('s3:PutObjectTagging');
  return [...found].sort();
}

// The role families of the template: two environments and the pull-request previews, each with a
// deploy role (GitHub OIDC), a Glue job role, a state-machine role and a scheduler role.
const FAMILIES = ['Dev', 'Prod', 'Preview'] as const;
type Family = (typeof FAMILIES)[number];
const ROLE_KINDS = ['DeployRole', 'GlueJobRole', 'StateMachineRole', 'SchedulerRole'] as const;
type RoleKind = (typeof ROLE_KINDS)[number];
// Previews are not scheduled: they have no scheduler role.
const kindsOf = (f: Family): RoleKind[] => ROLE_KINDS.filter((k) => f !== 'Preview' || k !== 'SchedulerRole');
const ALL_ROLES = FAMILIES.flatMap((f) => kindsOf(f).map((k) => `${f}${k}`));
const DEPLOY_ROLES = FAMILIES.map((f) => `${f}DeployRole`);

// The role of .github/workflows/sweep.yml (mode sweep): trusted in the GitHub environment
// preview-sweep, it deletes previews only. Created with the preview roles.
const SWEEP_ROLE = 'PreviewSweepRole';
const OIDC_ROLES = [...DEPLOY_ROLES, SWEEP_ROLE];

const OIDC_AUD = 'token.actions.githubusercontent.com:aud';
const OIDC_SUB = 'token.actions.githubusercontent.com:sub';

// Permissions granted ahead of src/ calling them (none today). Add an entry only with the reason;
// remove it once src/ calls the action, or remove the permission if src/ never will.
const GRANTED_BEFORE_CALLED = new Set<string>([]);

describe('infra/bootstrap.yml as a template', () => {
  const template = loadTemplate();
  const res = template.Resources;
  const params = template.Parameters;

  it('makes the GitHub OIDC provider optional and gives each deploy role exactly one subject', () => {
    expect(res.GitHubOidcProvider.Condition).toBe('CreateOidc');
    expect(res.GitHubOidcProvider.Properties.Url).toBe('https://token.actions.githubusercontent.com');
    const subjects = Object.fromEntries(
      OIDC_ROLES.map((role) => {
        const trust = res[role].Properties.AssumeRolePolicyDocument.Statement as Statement[];
        expect(trust).toHaveLength(1);
        expect(trust[0]!.Action).toBe('sts:AssumeRoleWithWebIdentity');
        expect(trust[0]!.Condition?.StringEquals?.[OIDC_AUD]).toBe('sts.amazonaws.com');
        // No StringLike: the subject is exact (no "repo:org/*" wildcard).
        expect(Object.keys(trust[0]!.Condition ?? {})).toEqual(['StringEquals']);
        return [role, trust[0]!.Condition?.StringEquals?.[OIDC_SUB]];
      }),
    );
    expect(subjects).toEqual({
      DevDeployRole: { 'Fn::Sub': `repo:\${GitHubOrg}/\${GitHubRepo}:environment:\${DevEnvironment}` },
      ProdDeployRole: { 'Fn::Sub': `repo:\${GitHubOrg}/\${GitHubRepo}:environment:\${ProdEnvironment}` },
      PreviewDeployRole: { 'Fn::Sub': `repo:\${GitHubOrg}/\${GitHubRepo}:pull_request` },
      PreviewSweepRole: { 'Fn::Sub': `repo:\${GitHubOrg}/\${GitHubRepo}:environment:preview-sweep` },
    });
    // No environment may be named like the sweep's: its deploy role would trust the sweep's jobs.
    const sweepRule = (template.Rules.SweepEnvironmentIsItsOwn.Assertions as { Assert: Json }[]).map((a) =>
      JSON.stringify(a.Assert),
    );
    for (const env of ['DevEnvironment', 'ProdEnvironment']) {
      expect(sweepRule).toContain(
        JSON.stringify({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: env }, 'preview-sweep'] }] }),
      );
    }
  });

  it('creates the preview roles only when pull requests are allowed', () => {
    const conditions = Object.fromEntries([...ALL_ROLES, SWEEP_ROLE].map((r) => [r, res[r].Condition]));
    expect(conditions).toEqual(
      Object.fromEntries(
        [...ALL_ROLES, SWEEP_ROLE].map((r) => [r, r.startsWith('Preview') ? 'AllowPr' : undefined]),
      ),
    );
    for (const [key, output] of Object.entries(template.Outputs as Record<string, { Condition?: string }>)) {
      expect(output.Condition, key).toBe(key.startsWith('Preview') ? 'AllowPr' : undefined);
    }
  });

  it('keeps the bucket private, encrypted, versioned, TLS-only, with expiring temporary objects', () => {
    const bucket = res.ArtifactBucket;
    expect(bucket.DeletionPolicy).toBe('Retain');
    const p = bucket.Properties;
    expect(p.VersioningConfiguration.Status).toBe('Enabled');
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(
      p.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm,
    ).toBe('AES256');
    const rules = p.LifecycleConfiguration.Rules as Record<string, Json>[];
    const expiry = (prefix: Json) => rules.find((r) => JSON.stringify(r.Prefix) === JSON.stringify(prefix));
    expect(expiry('previews/')?.ExpirationInDays).toEqual({ Ref: 'PreviewRetentionDays' });
    for (const f of ['Dev', 'Prod']) {
      expect(expiry({ 'Fn::Sub': `\${${f}KeyPrefix}temp_glue_assets/` })?.ExpirationInDays).toEqual({
        Ref: 'TempRetentionDays',
      });
    }
    expect(rules.some((r) => r.NoncurrentVersionExpiration !== undefined)).toBe(true);

    const deny = (res.ArtifactBucketPolicy.Properties.PolicyDocument as PolicyDocument).Statement;
    expect(deny).toEqual([
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ]);
  });

  it('logs every access to the bucket into a private log bucket only S3 logging may write to', () => {
    expect(res.ArtifactBucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: 'AccessLogBucket' },
      LogFilePrefix: 'access-logs/',
    });
    const logs = res.AccessLogBucket;
    expect(logs.DeletionPolicy).toBe('Retain');
    expect(logs.Properties.PublicAccessBlockConfiguration).toEqual(
      res.ArtifactBucket.Properties.PublicAccessBlockConfiguration,
    );
    expect(logs.Properties.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(logs.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays).toEqual({
      Ref: 'AccessLogRetentionDays',
    });
    const statements = (res.AccessLogBucketPolicy.Properties.PolicyDocument as PolicyDocument).Statement;
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([
      {
        Sid: 'S3ServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Sub': `\${AccessLogBucket.Arn}/access-logs/*` },
        Condition: {
          ArnLike: { 'aws:SourceArn': { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${BucketName}` } },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      },
    ]);
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
      expect.objectContaining({ Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
  });

  it('lets each deploy role pass only its own roles (three; two for previews), each to its own service', () => {
    for (const f of FAMILIES) {
      const passes = policyOf(template, `${f}DeployRole`).Statement.filter((s) =>
        asList(s.Action).includes('iam:PassRole'),
      );
      expect(passes.map((s) => [s.Resource, s.Condition])).toEqual([
        [
          { 'Fn::GetAtt': [`${f}GlueJobRole`, 'Arn'] },
          { StringEquals: { 'iam:PassedToService': 'glue.amazonaws.com' } },
        ],
        [
          { 'Fn::GetAtt': [`${f}StateMachineRole`, 'Arn'] },
          { StringEquals: { 'iam:PassedToService': 'states.amazonaws.com' } },
        ],
        ...(f === 'Preview'
          ? []
          : [
              [
                { 'Fn::GetAtt': [`${f}SchedulerRole`, 'Arn'] },
                { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
              ],
            ]),
      ]);
    }
  });

  it('uses Resource "*" only where IAM offers no resource-level permission', () => {
    const wildcard = [...ALL_ROLES, SWEEP_ROLE].flatMap((role) =>
      policyOf(template, role)
        .Statement.filter((s) => s.Resource === '*')
        .flatMap((s) => asList(s.Action)),
    );
    expect([...new Set(wildcard)].sort()).toEqual([
      'cloudwatch:PutMetricData',
      'glue:ListJobs',
      'states:ListStateMachines',
    ]);
    for (const role of [...ALL_ROLES, SWEEP_ROLE]) {
      for (const action of actionsOf(policyOf(template, role))) expect(action).not.toMatch(/\*/);
    }
  });

  it('lets each state machine run Glue jobs (.sync polls them), and publish only to its environment’s topic', () => {
    for (const f of FAMILIES) {
      const statements = policyOf(template, `${f}StateMachineRole`).Statement;
      expect(
        actionsOf({ Version: '2012-10-17', Statement: statements.filter((st) => st.Sid !== 'Notify') }),
      ).toEqual(['glue:BatchStopJobRun', 'glue:GetJobRun', 'glue:GetJobRuns', 'glue:StartJobRun']);
      // The topic's name, whether the bootstrap creates it or not: a topic made by hand works too.
      expect(statements.filter((st) => st.Sid === 'Notify').map((st) => [st.Action, st.Resource])).toEqual(
        f === 'Preview'
          ? []
          : [
              [
                'sns:Publish',
                {
                  'Fn::Sub': `arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:\${${f}NamePrefix}pipeline-notifications`,
                },
              ],
            ],
      );
    }
    for (const f of ['Dev', 'Prod']) {
      expect(res[`${f}NotificationTopic`].Condition).toBe('CreateTopics');
      expect(res[`${f}NotificationTopic`].Properties.TopicName).toEqual({
        'Fn::Sub': `\${${f}NamePrefix}pipeline-notifications`,
      });
    }
  });

  it('lets each scheduler role start its own family’s state machines and nothing else; previews have none', () => {
    for (const f of ['Dev', 'Prod']) {
      expect(actionsOf(policyOf(template, `${f}SchedulerRole`))).toEqual(['states:StartExecution']);
      const trust = res[`${f}SchedulerRole`].Properties.AssumeRolePolicyDocument.Statement as Statement[];
      expect(trust.map((t) => [t.Principal, t.Action, t.Condition])).toEqual([
        [
          { Service: 'scheduler.amazonaws.com' },
          'sts:AssumeRole',
          { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        ],
      ]);
    }
    expect(res.PreviewSchedulerRole).toBeUndefined();
  });

  it('grants every deploy role every AWS action src/ calls, and nothing unexplained', () => {
    const called = new Set(
      sourceFiles(path.join(ROOT, 'src'))
        .flatMap((f) => actionsCalledBy(readFileSync(f, 'utf8')))
        .filter((a) => !NEEDS_NO_PERMISSION.has(a)),
    );
    expect(called.size).toBeGreaterThan(5); // the scan itself works
    for (const role of DEPLOY_ROLES) {
      const granted = new Set(actionsOf(policyOf(template, role)).filter((a) => a !== 'iam:PassRole'));
      expect(
        [...called].filter((a) => !granted.has(a)),
        role,
      ).toEqual([]);
      expect(
        [...granted].filter((a) => !called.has(a) && !GRANTED_BEFORE_CALLED.has(a)),
        role,
      ).toEqual([]);
    }
  });

  it('refuses an empty name prefix or key prefix, and any that reaches into the previews', () => {
    const accepts = (param: string, value: string): boolean => {
      const p = params[param];
      return (
        new RegExp(p.AllowedPattern).test(value) &&
        value.length >= (p.MinLength ?? 0) &&
        value.length <= (p.MaxLength ?? Number.POSITIVE_INFINITY)
      );
    };
    for (const f of ['Dev', 'Prod']) {
      expect(accepts(`${f}NamePrefix`, params[`${f}NamePrefix`].Default)).toBe(true);
      expect(accepts(`${f}KeyPrefix`, params[`${f}KeyPrefix`].Default)).toBe(true);
      for (const ok of ['dev-', 'prod-', 'gpd-dev-', 'preview-', 'p-', 'x']) {
        expect(accepts(`${f}NamePrefix`, ok), ok).toBe(true);
      }
      // "" reaches every name; "p", "pr" and "pr<digit>..." reach the previews' pr<n>-* names.
      for (const bad of ['', 'p', 'pr', 'pr1', 'pr12-', 'dev.', 'dev/', 'a b', 'x'.repeat(41)]) {
        expect(accepts(`${f}NamePrefix`, bad), bad).toBe(false);
      }
      for (const ok of ['dev/', 'envs/prod/', 'previews-old/']) {
        expect(accepts(`${f}KeyPrefix`, ok), ok).toBe(true);
      }
      for (const bad of [
        '',
        '/',
        'dev',
        'dev//',
        '../',
        './dev/',
        'dev/../',
        'previews/',
        'previews/pr-1/',
      ]) {
        expect(accepts(`${f}KeyPrefix`, bad), bad).toBe(false);
      }
      expect(accepts(`${f}Environment`, '')).toBe(false);
    }
    // Two environments with the same subject, prefix, names or database would share everything.
    const asserted = (template.Rules.DistinctEnvironments.Assertions as { Assert: Json }[]).map((a) =>
      JSON.stringify(a.Assert),
    );
    for (const [a, b] of [
      ['DevEnvironment', 'ProdEnvironment'],
      ['DevKeyPrefix', 'ProdKeyPrefix'],
      ['DevNamePrefix', 'ProdNamePrefix'],
      ['DevDatabaseName', 'ProdDatabaseName'],
      ['DevDatabaseName', 'PreviewDatabaseName'],
      ['ProdDatabaseName', 'PreviewDatabaseName'],
    ]) {
      expect(asserted).toContain(JSON.stringify({ 'Fn::Not': [{ 'Fn::Equals': [{ Ref: a }, { Ref: b }] }] }));
    }
  });

  it('reads SDK calls out of a source file (the scan the previous test relies on)', () => {
    const source = [
      "import { GetJobCommand, type Job, ListJobsCommand } from '@aws-sdk/client-glue';",
      "import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';",
      "import { Upload } from '@aws-sdk/lib-storage';",
      'await glue.send(new GetJobCommand({ JobName }));',
      'await s3.send(new ListObjectsV2Command({ Bucket }));',
      'new Upload({ client, params: { Bucket, Key, Body, Tagging: t } });',
    ].join('\n');
    // ListJobs and PutObject are imported but never instantiated.
    expect(actionsCalledBy(source)).toEqual([
      'glue:GetJob',
      's3:AbortMultipartUpload',
      's3:ListBucket',
      's3:PutObject',
      's3:PutObjectTagging',
    ]);
  });
});

// --- the sweep role against the calls a sweep makes ------------------------------------------------

/** The IAM action of a request in the emulator's log (S3 operations named as IAM names them). */
const iamActionOf = (r: { service: string; operation: string; method: string; path: string }) =>
  r.service === 'scheduler'
    ? `scheduler:${schedulerAction(r.method, r.path)}`
    : `${r.service}:${r.service === 's3' ? (S3_ACTION[r.operation] ?? r.operation) : r.operation}`;

/** EventBridge Scheduler is a REST API: the emulator logs its method, the path names the action. */
function schedulerAction(method: string, path: string): string {
  const what = path.startsWith('/schedule-groups/')
    ? 'ScheduleGroup'
    : path.startsWith('/tags/')
      ? 'Tags'
      : 'Schedule';
  if (what === 'Tags') return method === 'GET' ? 'ListTagsForResource' : 'TagResource';
  return `${{ GET: 'Get', DELETE: 'Delete', POST: 'Create', PUT: 'Update' }[method] ?? method}${what}`;
}

/** What a sweep adds for a preview deployed with schedule-previews (its schedule group and schedule). */
const SWEEP_OF_A_SCHEDULED_PREVIEW = [
  'scheduler:DeleteSchedule',
  'scheduler:DeleteScheduleGroup',
  'scheduler:GetSchedule',
  'scheduler:ListTagsForResource',
];

describe('the sweep role (.github/workflows/sweep.yml) against the calls a sweep makes', () => {
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('grants exactly the actions a sweep of a closed preview calls: reads and deletes, no write', async () => {
    // A preview of pull request 7 deployed by the action, then swept as mode sweep does (src/main.ts:
    // the account from STS, then sweepPreviews), its requests read back from the emulator's log.
    const tag = `sweep-calls-${uniqueSuffix()}`;
    const bucket = freshBucketName('sweep-calls');
    const namePrefix = `pr7${uniqueSuffix()}`;
    const clients = actionClients(tag);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await deployInProcess({
      clients,
      root: pipelineRepo('compras', ['load', 'merge']),
      bucket,
      prefix: 'previews/pr-7/',
      namePrefix: `${namePrefix}-`,
      userTags: { [TAG_PULL_REQUEST]: '7' },
    });
    const control = emulatorControl();
    const since = await control.lastSeq();
    const account = await callerAccount(clients.sts);
    const swept = await sweepPreviews(clients, {
      location: { bucket, prefix: 'previews/' },
      namePrefix,
      openPullRequests: [8],
      region: EMULATOR_REGION,
      account: account ?? '',
      partition: 'aws',
      log: () => undefined,
    });
    expect(swept.map((p) => [p.pullRequest, p.jobs.length, Boolean(p.stateMachineArn)])).toEqual([
      [7, 2, true],
    ]);
    expect(swept[0]!.objects).toBeGreaterThan(0);
    const calls = new Set((await control.requests({ since, tag })).map(iamActionOf));
    expect(calls).toContain('sts:GetCallerIdentity');
    expect(calls).toContain('scheduler:GetScheduleGroup');
    const needed = [
      ...new Set([...calls, ...SWEEP_OF_A_SCHEDULED_PREVIEW].filter((a) => !NEEDS_NO_PERMISSION.has(a))),
    ].sort();

    const granted = actionsOf(policyOf(loadTemplate(), SWEEP_ROLE));
    expect(granted).toEqual(needed);
    // Nothing that writes anything but a deletion, and no role to pass.
    expect(granted.filter((a) => !/:(Get|List|Describe|Delete)/.test(a))).toEqual([]);
  });
});

// --- the template deployed into the emulator --------------------------------------------------------

const cfn = new CloudFormationClient(clientConfig('bootstrap'));
const iam = new IAMClient(clientConfig('bootstrap'));
const s3 = new S3Client(clientConfig('bootstrap'));
const sns = new SNSClient(clientConfig('bootstrap'));
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function deployStack(stackName: string, parameters: Record<string, string>): Promise<Stack> {
  await cfn.send(
    new CreateStackCommand({
      StackName: stackName,
      TemplateBody: readFileSync(TEMPLATE_PATH, 'utf8'),
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
    }),
  );
  cleanups.push(() => cfn.send(new DeleteStackCommand({ StackName: stackName })));
  // moto creates stacks synchronously; the loop only guards against a future asynchronous moto.
  for (let attempt = 0; attempt < 50; attempt++) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    if (stack && !stack.StackStatus?.endsWith('_IN_PROGRESS')) return stack;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`stack ${stackName} still in progress`);
}

/** A role policy document: URL-encoded JSON as AWS returns it, or the Python repr moto 5.2.5 returns
 * for inline policies created by CloudFormation. */
function parsePolicy(text: string): PolicyDocument {
  const decoded = decodeURIComponent(text);
  try {
    return JSON.parse(decoded) as PolicyDocument;
  } catch {
    return JSON.parse(
      decoded
        .replace(/'/g, '"')
        .replace(/\bTrue\b/g, 'true')
        .replace(/\bFalse\b/g, 'false'),
    );
  }
}

interface RolePolicies {
  trust: PolicyDocument;
  policy: PolicyDocument;
}

async function rolePolicy(roleName: string): Promise<RolePolicies> {
  const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
  expect(names).toHaveLength(1);
  const doc = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: names[0]! }));
  return {
    trust: parsePolicy(role?.AssumeRolePolicyDocument ?? ''),
    policy: parsePolicy(doc.PolicyDocument ?? ''),
  };
}

const REGION = 'us-east-1';
const arnOfRole = (name: string) => `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/${name}`;
const glueArn = (resource: string) => `arn:aws:glue:${REGION}:${EMULATOR_ACCOUNT_ID}:${resource}`;
const statesArn = (resource: string) => `arn:aws:states:${REGION}:${EMULATOR_ACCOUNT_ID}:${resource}`;
const schedulerArn = (resource: string) => `arn:aws:scheduler:${REGION}:${EMULATOR_ACCOUNT_ID}:${resource}`;
const snsArn = (name: string) => `arn:aws:sns:${REGION}:${EMULATOR_ACCOUNT_ID}:${name}`;
const bySid = (doc: PolicyDocument, sid: string) => doc.Statement.find((s) => s.Sid === sid);
const subjectOf = (trust: PolicyDocument) => trust.Statement[0]?.Condition?.StringEquals?.[OIDC_SUB];

/** What one family owns, as the workflows name it: its keys, resource names and database. */
interface Scope {
  keyPrefix: string;
  namePrefix: string;
  database: string;
  glueJobRoleArn: string;
  stateMachineRoleArn: string;
  schedulerRoleArn: string;
}

type SampleKind =
  | 'object'
  | 'listing'
  | 'job'
  | 'stateMachine'
  | 'execution'
  | 'database'
  | 'table'
  | 'passGlueJobRole'
  | 'passStateMachineRole'
  | 'scheduleGroup'
  | 'schedule'
  | 'passSchedulerRole';

/** One resource of each kind a family owns, with the condition keys a request for it carries. */
function samplesOf(bucket: string, scope: Scope): Record<SampleKind, Omit<Request, 'action'>> {
  const n = scope.namePrefix;
  return {
    object: { resource: `arn:aws:s3:::${bucket}/${scope.keyPrefix}src_code/tbl_cep.py` },
    listing: { resource: `arn:aws:s3:::${bucket}`, context: { 's3:prefix': `${scope.keyPrefix}src_code/` } },
    job: { resource: glueArn(`job/${n}tbl_cep`) },
    stateMachine: { resource: statesArn(`stateMachine:${n}compras`) },
    execution: { resource: statesArn(`execution:${n}compras:run-1`) },
    database: { resource: glueArn(`database/${scope.database}`) },
    table: { resource: glueArn(`table/${scope.database}/cep`) },
    passGlueJobRole: {
      resource: scope.glueJobRoleArn,
      context: { 'iam:PassedToService': 'glue.amazonaws.com' },
    },
    passStateMachineRole: {
      resource: scope.stateMachineRoleArn,
      context: { 'iam:PassedToService': 'states.amazonaws.com' },
    },
    scheduleGroup: { resource: schedulerArn(`schedule-group/${n}compras`) },
    schedule: { resource: schedulerArn(`schedule/${n}compras/run`) },
    passSchedulerRole: {
      resource: scope.schedulerRoleArn,
      context: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    },
  };
}

// Which role of a family may reach which of the family's own resources (with some action).
const OWN_REACH: Record<SampleKind, RoleKind[]> = {
  object: ['DeployRole', 'GlueJobRole'],
  listing: ['DeployRole', 'GlueJobRole'],
  job: ['DeployRole', 'StateMachineRole'],
  stateMachine: ['DeployRole', 'SchedulerRole'],
  execution: ['DeployRole'],
  database: ['GlueJobRole'],
  table: ['GlueJobRole'],
  passGlueJobRole: ['DeployRole'],
  passStateMachineRole: ['DeployRole'],
  scheduleGroup: ['DeployRole'],
  schedule: ['DeployRole'],
  passSchedulerRole: ['DeployRole'],
};

describe('infra/bootstrap.yml deployed into the emulator', () => {
  const stackName = `gpd-boot-${uniqueSuffix()}`;
  const bucket = freshBucketName('gpd-boot');
  let outputs: Record<string, string | undefined> = {};
  const roles = new Map<string, RolePolicies>();

  beforeAll(async () => {
    cleanups.push(() => s3.send(new DeleteBucketCommand({ Bucket: bucket })));
    const stack = await deployStack(stackName, {
      BucketName: bucket,
      GitHubOrg: 'acme',
      GitHubRepo: 'glue-pipeline',
      // moto's CloudFormation has no AWS::IAM::OIDCProvider: it would skip it silently.
      CreateOidcProvider: 'false',
      CreateNotificationTopics: 'true',
    });
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    if (outputs.AccessLogBucketName) {
      const logBucket = outputs.AccessLogBucketName;
      cleanups.push(() => s3.send(new DeleteBucketCommand({ Bucket: logBucket })));
    }
    for (const f of FAMILIES) {
      for (const [kind, suffix] of [
        ['DeployRole', 'deploy'],
        ['GlueJobRole', 'glue-job'],
        ['StateMachineRole', 'state-machine'],
        ['SchedulerRole', 'scheduler'],
      ]) {
        if (!kindsOf(f).includes(kind as RoleKind)) continue;
        const env = f === 'Preview' ? 'preview' : f.toLowerCase();
        roles.set(`${f}${kind}`, await rolePolicy(`${stackName}-${env}-${suffix}`));
      }
    }
    roles.set(SWEEP_ROLE, await rolePolicy(`${stackName}-preview-sweep`));
  });

  it('creates the buckets, twelve roles (eleven of the families and the sweep), named after their environment, and the two topics asked for', async () => {
    expect(outputs).toEqual({
      BucketName: bucket,
      AccessLogBucketName: expect.stringMatching(/^[a-z0-9.-]{3,63}$/),
      ...Object.fromEntries(
        FAMILIES.flatMap((f) => {
          const env = f === 'Preview' ? 'preview' : f.toLowerCase();
          return [
            [`${f}DeployRoleArn`, arnOfRole(`${stackName}-${env}-deploy`)],
            [`${f}GlueJobRoleArn`, arnOfRole(`${stackName}-${env}-glue-job`)],
            [`${f}StateMachineRoleArn`, arnOfRole(`${stackName}-${env}-state-machine`)],
            ...(f === 'Preview'
              ? []
              : [[`${f}SchedulerRoleArn`, arnOfRole(`${stackName}-${env}-scheduler`)]]),
          ];
        }),
      ),
      PreviewSweepRoleArn: arnOfRole(`${stackName}-preview-sweep`),
    });
    const topics = ((await sns.send(new ListTopicsCommand({}))).Topics ?? []).map((t) => t.TopicArn);
    expect(topics).toEqual(
      expect.arrayContaining([snsArn('dev-pipeline-notifications'), snsArn('prod-pipeline-notifications')]),
    );
    expect(outputs.AccessLogBucketName).not.toBe(bucket);
    for (const name of [bucket, outputs.AccessLogBucketName!]) {
      await s3.send(new HeadBucketCommand({ Bucket: name }));
      const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: name }));
      expect(
        encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
          ?.SSEAlgorithm,
      ).toBe('AES256');
    }
    const tags = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    expect(tags.TagSet).toContainEqual({ Key: 'glue-pipeline-deploy:bootstrap', Value: stackName });
  });

  it('lets each deploy role be assumed only by its environment, or only by pull requests', () => {
    for (const f of FAMILIES) {
      const { trust } = roles.get(`${f}DeployRole`)!;
      expect(trust.Statement).toHaveLength(1);
      expect(trust.Statement[0]?.Principal).toEqual({
        Federated: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`,
      });
    }
    expect(subjectOf(roles.get('DevDeployRole')!.trust)).toBe('repo:acme/glue-pipeline:environment:dev');
    expect(subjectOf(roles.get('ProdDeployRole')!.trust)).toBe('repo:acme/glue-pipeline:environment:prod');
    expect(subjectOf(roles.get('PreviewDeployRole')!.trust)).toBe('repo:acme/glue-pipeline:pull_request');
    expect(subjectOf(roles.get(SWEEP_ROLE)!.trust)).toBe('repo:acme/glue-pipeline:environment:preview-sweep');
    expect(roles.get(SWEEP_ROLE)!.trust.Statement[0]?.Principal).toEqual(
      roles.get('PreviewDeployRole')!.trust.Statement[0]?.Principal,
    );
    expect(roles.get('DevGlueJobRole')!.trust.Statement[0]?.Principal).toEqual({
      Service: 'glue.amazonaws.com',
    });
    expect(roles.get('DevStateMachineRole')!.trust.Statement[0]?.Principal).toEqual({
      Service: 'states.amazonaws.com',
    });
  });

  it('scopes each family to its own prefix, names and database (resolved values)', () => {
    const dev = roles.get('DevDeployRole')!.policy;
    expect(bySid(dev, 'S3List')?.Condition).toEqual({ StringLike: { 's3:prefix': 'dev/*' } });
    expect(bySid(dev, 'S3Objects')?.Resource).toBe(`arn:aws:s3:::${bucket}/dev/*`);
    expect(bySid(dev, 'GlueJobs')?.Resource).toBe(glueArn('job/dev-*'));
    expect(bySid(dev, 'PassGlueJobRole')?.Resource).toBe(outputs.DevGlueJobRoleArn);
    const preview = roles.get('PreviewDeployRole')!.policy;
    expect(bySid(preview, 'S3Objects')?.Resource).toBe(`arn:aws:s3:::${bucket}/previews/*`);
    expect(bySid(preview, 'GlueJobs')?.Resource).toEqual(
      [...'0123456789'].map((d) => glueArn(`job/pr${d}*`)),
    );
    expect(bySid(roles.get('ProdGlueJobRole')!.policy, 'IcebergGlueCatalog')?.Resource).toEqual([
      glueArn('catalog'),
      glueArn('database/compras_prod'),
      glueArn('table/compras_prod/*'),
    ]);
  });

  it('lets each environment’s state machine publish to its own topic only; the previews to none', () => {
    const publishes = (role: string, topic: string) =>
      allows(roles.get(role)!.policy, { action: 'sns:Publish', resource: snsArn(topic) });
    const reached = ALL_ROLES.flatMap((role) =>
      ['dev-pipeline-notifications', 'prod-pipeline-notifications', 'pr12-pipeline-notifications']
        .filter((t) => publishes(role, t))
        .map((t) => `${role} -> ${t}`),
    );
    expect(reached).toEqual([
      'DevStateMachineRole -> dev-pipeline-notifications',
      'ProdStateMachineRole -> prod-pipeline-notifications',
    ]);
    // The scheduler role starts state machines of its own family only.
    const starts = (role: string, name: string) =>
      allows(roles.get(role)!.policy, {
        action: 'states:StartExecution',
        resource: statesArn(`stateMachine:${name}`),
      });
    expect(starts('DevSchedulerRole', 'dev-compras')).toBe(true);
    expect(starts('DevSchedulerRole', 'prod-compras')).toBe(false);
    expect(starts('ProdSchedulerRole', 'prod-compras')).toBe(true);
  });

  describe('isolation: the policies evaluated against sample requests', () => {
    const scopes = (): Record<Family, Scope> => ({
      Dev: {
        keyPrefix: 'dev/',
        namePrefix: 'dev-',
        database: 'compras_dev',
        glueJobRoleArn: outputs.DevGlueJobRoleArn!,
        stateMachineRoleArn: outputs.DevStateMachineRoleArn!,
        schedulerRoleArn: outputs.DevSchedulerRoleArn!,
      },
      Prod: {
        keyPrefix: 'prod/',
        namePrefix: 'prod-',
        database: 'compras_prod',
        glueJobRoleArn: outputs.ProdGlueJobRoleArn!,
        stateMachineRoleArn: outputs.ProdStateMachineRoleArn!,
        schedulerRoleArn: outputs.ProdSchedulerRoleArn!,
      },
      // What pr.yml deploys for pull request 12.
      Preview: {
        keyPrefix: 'previews/pr-12/',
        namePrefix: 'pr12-',
        database: 'compras_preview',
        glueJobRoleArn: outputs.PreviewGlueJobRoleArn!,
        stateMachineRoleArn: outputs.PreviewStateMachineRoleArn!,
        // There is none: passing one by this name must not be allowed.
        schedulerRoleArn: arnOfRole(`${stackName}-preview-scheduler`),
      },
    });
    // Every action any role is granted on a named resource. Left out: the "*"-only list calls (names,
    // no content; checked on the template above) and the bucket's region, the same for everyone.
    const SHARED = new Set(['s3:GetBucketLocation']);
    const scopedActions = () =>
      [
        ...new Set(
          [...roles.values()].flatMap(({ policy }) =>
            policy.Statement.filter((s) => s.Resource !== '*').flatMap((s) => asList(s.Action as string[])),
          ),
        ),
      ]
        .filter((a) => !SHARED.has(a))
        .sort();
    const reaches = (policy: PolicyDocument, sample: Omit<Request, 'action'>) =>
      scopedActions().filter((action) => allows(policy, { action, ...sample }));

    it('reaches its own resources, each with the role meant for it', () => {
      for (const f of FAMILIES) {
        const samples = samplesOf(bucket, scopes()[f]);
        const reach = Object.fromEntries(
          Object.entries(samples).map(([kind, sample]) => [
            kind,
            kindsOf(f).filter((k) => reaches(roles.get(`${f}${k}`)!.policy, sample).length > 0),
          ]),
        );
        const expected =
          f === 'Preview' ? { ...OWN_REACH, stateMachine: ['DeployRole'], passSchedulerRole: [] } : OWN_REACH;
        expect(reach, f).toEqual(expected);
      }
    });

    it("can't reach another family's keys, listings, names, database or roles", () => {
      const reached: string[] = [];
      for (const f of FAMILIES) {
        for (const other of FAMILIES.filter((g) => g !== f)) {
          for (const [kind, sample] of Object.entries(samplesOf(bucket, scopes()[other]))) {
            for (const k of kindsOf(f)) {
              const actions = reaches(roles.get(`${f}${k}`)!.policy, sample);
              if (actions.length)
                reached.push(`${f}${k} -> ${other} ${kind} (${sample.resource}): ${actions}`);
            }
          }
        }
      }
      expect(reached).toEqual([]);
    });

    it("the sweep role reaches the previews' objects, listings, jobs and state machines, nothing else", () => {
      const sweep = roles.get(SWEEP_ROLE)!.policy;
      const reach = Object.fromEntries(
        Object.entries(samplesOf(bucket, scopes().Preview)).map(([kind, sample]) => [
          kind,
          reaches(sweep, sample).sort(),
        ]),
      );
      expect(reach).toEqual({
        object: ['s3:DeleteObject', 's3:GetObject'],
        listing: ['s3:ListBucket'],
        job: ['glue:DeleteJob', 'glue:GetTags'],
        stateMachine: [
          'states:DeleteStateMachine',
          'states:DescribeStateMachine',
          'states:ListTagsForResource',
        ],
        execution: [],
        database: [],
        table: [],
        passGlueJobRole: [],
        passStateMachineRole: [],
        passSchedulerRole: [],
        // A preview scheduled with schedule-previews: its group and schedule, read and deleted.
        ...Object.fromEntries(
          ['schedule', 'scheduleGroup'].map((k) => [
            k,
            [
              'scheduler:DeleteSchedule',
              'scheduler:DeleteScheduleGroup',
              'scheduler:GetSchedule',
              'scheduler:GetScheduleGroup',
              'scheduler:ListTagsForResource',
            ],
          ]),
        ),
      });
      const reached: string[] = [];
      for (const other of ['Dev', 'Prod'] as const) {
        for (const [kind, sample] of Object.entries(samplesOf(bucket, scopes()[other]))) {
          const actions = reaches(sweep, sample);
          if (actions.length) reached.push(`${other} ${kind} (${sample.resource}): ${actions}`);
        }
      }
      expect(reached).toEqual([]);
    });

    it("the preview roles and the sweep role can't reach dev/, prod/, dev-* or prod-* with any action", () => {
      const forbidden: Omit<Request, 'action'>[] = [
        ...['dev/', 'prod/'].flatMap((p) => [
          { resource: `arn:aws:s3:::${bucket}/${p}input_files/compras.csv` },
          { resource: `arn:aws:s3:::${bucket}`, context: { 's3:prefix': p } },
        ]),
        ...['dev-', 'prod-'].flatMap((n) => [
          { resource: glueArn(`job/${n}create_tables`) },
          { resource: statesArn(`stateMachine:${n}compras`) },
          { resource: statesArn(`execution:${n}compras:abc`) },
        ]),
        // The whole bucket's listing would show the environments' keys.
        { resource: `arn:aws:s3:::${bucket}`, context: { 's3:prefix': '' } },
        { resource: `arn:aws:s3:::${bucket}` },
      ];
      for (const role of [...kindsOf('Preview').map((k) => `Preview${k}`), SWEEP_ROLE]) {
        const policy = roles.get(role)!.policy;
        for (const sample of forbidden)
          expect(reaches(policy, sample), `${role} ${sample.resource}`).toEqual([]);
      }
      // The preview state-machine role can't be assumed for an environment's state machine either.
      const trust = roles.get('PreviewStateMachineRole')!.trust.Statement[0]!;
      const assumedFor = (name: string) =>
        conditionsHold(trust, {
          'aws:SourceAccount': EMULATOR_ACCOUNT_ID,
          'aws:SourceArn': statesArn(`stateMachine:${name}`),
        });
      expect(assumedFor('pr12-compras')).toBe(true);
      expect(assumedFor('prod-compras')).toBe(false);
      expect(assumedFor('dev-compras')).toBe(false);
    });
  });
});

describe('infra/bootstrap.yml with other environments and no previews', () => {
  it('names, trusts and scopes the roles after the parameters, and creates no preview role', async () => {
    const stackName = `gpd-boot-${uniqueSuffix()}`;
    const bucket = freshBucketName('gpd-boot');
    cleanups.push(() => s3.send(new DeleteBucketCommand({ Bucket: bucket })));
    const stack = await deployStack(stackName, {
      BucketName: bucket,
      GitHubOrg: 'acme',
      GitHubRepo: 'other',
      DevEnvironment: 'staging',
      DevKeyPrefix: 'envs/staging/',
      DevNamePrefix: 'gpd-stg-',
      DevDatabaseName: 'sales_staging',
      ProdEnvironment: 'live',
      ProdKeyPrefix: 'envs/live/',
      ProdNamePrefix: 'gpd-live-',
      ProdDatabaseName: 'sales',
      AllowPullRequests: 'false',
      CreateOidcProvider: 'false',
    });
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    if (outputs.AccessLogBucketName) {
      const logBucket = outputs.AccessLogBucketName;
      cleanups.push(() => s3.send(new DeleteBucketCommand({ Bucket: logBucket })));
    }
    expect(Object.keys(outputs).filter((k) => k.startsWith('Preview'))).toEqual([]);
    expect(outputs.ProdDeployRoleArn).toBe(arnOfRole(`${stackName}-live-deploy`));
    await expect(iam.send(new GetRoleCommand({ RoleName: `${stackName}-preview-deploy` }))).rejects.toThrow();

    const staging = await rolePolicy(`${stackName}-staging-deploy`);
    expect(subjectOf(staging.trust)).toBe('repo:acme/other:environment:staging');
    expect(bySid(staging.policy, 'S3List')?.Condition).toEqual({
      StringLike: { 's3:prefix': 'envs/staging/*' },
    });
    expect(bySid(staging.policy, 'StateMachines')?.Resource).toBe(statesArn('stateMachine:gpd-stg-*'));
    const live = await rolePolicy(`${stackName}-live-glue-job`);
    expect(bySid(live.policy, 'BucketObjects')?.Resource).toBe(`arn:aws:s3:::${bucket}/envs/live/*`);
    expect(bySid(live.policy, 'IcebergGlueCatalog')?.Resource).toContain(glueArn('table/sales/*'));
    const liveMachine = await rolePolicy(`${stackName}-live-state-machine`);
    expect(liveMachine.policy.Statement.map((s) => s.Resource)).toEqual([
      glueArn('job/gpd-live-*'),
      snsArn('gpd-live-pipeline-notifications'),
    ]);
  });
});
