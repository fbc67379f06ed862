// infra/bootstrap.yml: deployed into the local emulator (moto's CloudFormation), and checked as a
// template for what moto cannot show (bucket versioning, public access block, lifecycle, TLS-only
// policy, OIDC provider: moto 5.2.5 ignores or skips them), and against the AWS calls src/ makes.
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
  DeleteBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clientConfig, EMULATOR_ACCOUNT_ID, freshBucketName, uniqueSuffix } from '../helpers/emulator.js';
import { sourceFiles } from '../helpers/sources.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATE_PATH = path.join(ROOT, 'infra', 'bootstrap.yml');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Principal?: Json;
  Condition?: Record<string, Record<string, Json>>;
}
interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

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

const asList = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

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
};
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

// Permissions granted ahead of src/ calling them (none today). Add an entry only with the reason;
// remove it once src/ calls the action, or remove the permission if src/ never will.
const GRANTED_BEFORE_CALLED = new Set<string>([]);

describe('infra/bootstrap.yml as a template', () => {
  const template = loadTemplate();
  const res = template.Resources;

  it('makes the GitHub OIDC provider optional and trusts only this repository', () => {
    expect(res.GitHubOidcProvider.Condition).toBe('CreateOidc');
    expect(res.GitHubOidcProvider.Properties.Url).toBe('https://token.actions.githubusercontent.com');
    const trust = res.DeployRole.Properties.AssumeRolePolicyDocument.Statement as Statement[];
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Action).toBe('sts:AssumeRoleWithWebIdentity');
    expect(trust[0]!.Condition?.StringEquals?.['token.actions.githubusercontent.com:aud']).toBe(
      'sts.amazonaws.com',
    );
    // No StringLike: every subject is exact (no "repo:org/*" wildcard).
    expect(Object.keys(trust[0]!.Condition ?? {})).toEqual(['StringEquals']);
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
    const rules = (p.LifecycleConfiguration.Rules as Json[]).filter(
      (r): r is Record<string, Json> => typeof r === 'object' && r !== null && 'Id' in r,
    );
    const byPrefix = (prefix: string) => rules.find((r) => r.Prefix === prefix);
    expect(byPrefix('previews/')?.ExpirationInDays).toEqual({ Ref: 'PreviewRetentionDays' });
    expect(byPrefix('temp_glue_assets/')?.ExpirationInDays).toEqual({ Ref: 'TempRetentionDays' });
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

  it('lets the deploy role pass only the two pipeline roles, each to its own service', () => {
    const passes = policyOf(template, 'DeployRole').Statement.filter((s) =>
      asList(s.Action).includes('iam:PassRole'),
    );
    expect(passes.map((s) => [s.Resource, s.Condition])).toEqual([
      [
        { 'Fn::GetAtt': ['GlueJobRole', 'Arn'] },
        { StringEquals: { 'iam:PassedToService': 'glue.amazonaws.com' } },
      ],
      [
        { 'Fn::GetAtt': ['StateMachineRole', 'Arn'] },
        { StringEquals: { 'iam:PassedToService': 'states.amazonaws.com' } },
      ],
    ]);
  });

  it('uses Resource "*" only where IAM offers no resource-level permission', () => {
    const wildcard = ['DeployRole', 'GlueJobRole', 'StateMachineRole'].flatMap((role) =>
      policyOf(template, role)
        .Statement.filter((s) => s.Resource === '*')
        .flatMap((s) => asList(s.Action)),
    );
    expect(wildcard.sort()).toEqual([
      'cloudwatch:PutMetricData',
      'glue:ListJobs',
      'states:ListStateMachines',
    ]);
    for (const role of ['DeployRole', 'GlueJobRole', 'StateMachineRole']) {
      for (const action of actionsOf(policyOf(template, role))) expect(action).not.toMatch(/\*/);
    }
  });

  it('lets the state machine run Glue jobs (.sync polls them) and nothing else', () => {
    expect(actionsOf(policyOf(template, 'StateMachineRole'))).toEqual([
      'glue:BatchStopJobRun',
      'glue:GetJobRun',
      'glue:GetJobRuns',
      'glue:StartJobRun',
    ]);
  });

  it('grants the deploy role every AWS action src/ calls, and nothing unexplained', () => {
    const called = new Set(
      sourceFiles(path.join(ROOT, 'src')).flatMap((f) => actionsCalledBy(readFileSync(f, 'utf8'))),
    );
    const granted = new Set(actionsOf(policyOf(template, 'DeployRole')).filter((a) => a !== 'iam:PassRole'));
    expect(called.size).toBeGreaterThan(5); // the scan itself works
    expect([...called].filter((a) => !granted.has(a))).toEqual([]);
    expect([...granted].filter((a) => !called.has(a) && !GRANTED_BEFORE_CALLED.has(a))).toEqual([]);
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

// --- the template deployed into the emulator --------------------------------------------------------

const cfn = new CloudFormationClient(clientConfig('bootstrap'));
const iam = new IAMClient(clientConfig('bootstrap'));
const s3 = new S3Client(clientConfig('bootstrap'));
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

async function rolePolicy(roleName: string): Promise<{ trust: PolicyDocument; policy: PolicyDocument }> {
  const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
  expect(names).toHaveLength(1);
  const doc = await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: names[0]! }));
  return {
    trust: parsePolicy(role?.AssumeRolePolicyDocument ?? ''),
    policy: parsePolicy(doc.PolicyDocument ?? ''),
  };
}

const arnOfRole = (name: string) => `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:role/${name}`;

describe('infra/bootstrap.yml deployed into the emulator', () => {
  it('creates the bucket and the three roles with their policies', async () => {
    const stackName = `gpd-boot-${uniqueSuffix()}`;
    const bucket = freshBucketName('gpd-boot');
    cleanups.push(() => s3.send(new DeleteBucketCommand({ Bucket: bucket })));
    const stack = await deployStack(stackName, {
      BucketName: bucket,
      GitHubOrg: 'acme',
      GitHubRepo: 'glue-pipeline',
      DeployEnvironments: 'dev,prod',
      NamePrefix: 'gpd-',
      // moto's CloudFormation has no AWS::IAM::OIDCProvider: it would skip it silently.
      CreateOidcProvider: 'false',
    });
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs).toEqual({
      BucketName: bucket,
      GlueJobRoleArn: arnOfRole(`${stackName}-glue-job`),
      StateMachineRoleArn: arnOfRole(`${stackName}-state-machine`),
      DeployRoleArn: arnOfRole(`${stackName}-deploy`),
    });

    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(
      encryption.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault
        ?.SSEAlgorithm,
    ).toBe('AES256');
    const tags = await s3.send(new GetBucketTaggingCommand({ Bucket: bucket }));
    expect(tags.TagSet).toContainEqual({ Key: 'glue-pipeline-deploy:bootstrap', Value: stackName });

    const deploy = await rolePolicy(`${stackName}-deploy`);
    expect(deploy.trust.Statement[0]?.Principal).toEqual({
      Federated: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:oidc-provider/token.actions.githubusercontent.com`,
    });
    expect(
      deploy.trust.Statement[0]?.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub'],
    ).toEqual([
      'repo:acme/glue-pipeline:ref:refs/heads/main',
      'repo:acme/glue-pipeline:environment:dev',
      'repo:acme/glue-pipeline:environment:prod',
      'repo:acme/glue-pipeline:pull_request',
    ]);
    const bySid = (doc: PolicyDocument, sid: string) => doc.Statement.find((s) => s.Sid === sid);
    expect(bySid(deploy.policy, 'S3List')?.Resource).toBe(`arn:aws:s3:::${bucket}`);
    expect(bySid(deploy.policy, 'S3Objects')?.Resource).toBe(`arn:aws:s3:::${bucket}/*`);
    expect(bySid(deploy.policy, 'GlueJobs')?.Resource).toBe(
      `arn:aws:glue:us-east-1:${EMULATOR_ACCOUNT_ID}:job/gpd-*`,
    );
    expect(bySid(deploy.policy, 'PassGlueJobRole')?.Resource).toBe(outputs.GlueJobRoleArn);
    expect(bySid(deploy.policy, 'PassStateMachineRole')?.Resource).toBe(outputs.StateMachineRoleArn);

    const glue = await rolePolicy(`${stackName}-glue-job`);
    expect(glue.trust.Statement[0]?.Principal).toEqual({ Service: 'glue.amazonaws.com' });
    expect(bySid(glue.policy, 'BucketObjects')?.Resource).toBe(`arn:aws:s3:::${bucket}/*`);
    expect(bySid(glue.policy, 'IcebergGlueCatalog')?.Resource).toEqual([
      `arn:aws:glue:us-east-1:${EMULATOR_ACCOUNT_ID}:catalog`,
      `arn:aws:glue:us-east-1:${EMULATOR_ACCOUNT_ID}:database/compras`,
      `arn:aws:glue:us-east-1:${EMULATOR_ACCOUNT_ID}:table/compras/*`,
    ]);

    const sfn = await rolePolicy(`${stackName}-state-machine`);
    expect(sfn.trust.Statement[0]?.Principal).toEqual({ Service: 'states.amazonaws.com' });
    expect(sfn.policy.Statement.map((s) => s.Resource)).toEqual([
      `arn:aws:glue:us-east-1:${EMULATOR_ACCOUNT_ID}:job/gpd-*`,
    ]);
  });

  it('trusts only the deploy branch when no environment and no pull request is allowed', async () => {
    const stackName = `gpd-boot-${uniqueSuffix()}`;
    const bucket = freshBucketName('gpd-boot');
    cleanups.push(() => s3.send(new DeleteBucketCommand({ Bucket: bucket })));
    const stack = await deployStack(stackName, {
      BucketName: bucket,
      GitHubOrg: 'acme',
      GitHubRepo: 'other',
      DeployBranch: 'release',
      DeployEnvironments: '',
      AllowPullRequests: 'false',
      CreateOidcProvider: 'false',
    });
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const { trust, policy } = await rolePolicy(`${stackName}-deploy`);
    expect(trust.Statement[0]?.Condition?.StringEquals?.['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:acme/other:ref:refs/heads/release',
    ]);
    // Empty NamePrefix: any job name in the account and region.
    expect(policy.Statement.find((s) => s.Sid === 'GlueJobs')?.Resource).toBe(
      `arn:aws:glue:us-east-1:${EMULATOR_ACCOUNT_ID}:job/*`,
    );
  });
});
