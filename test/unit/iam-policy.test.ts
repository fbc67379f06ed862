// The IAM evaluator the bootstrap policy test relies on: if it matched too little, every "cannot
// reach" assertion there would pass for the wrong reason.
import { describe, expect, it } from 'vitest';
import { allows, conditionsHold, type PolicyDocument, wildcardMatch } from '../helpers/iam-policy.js';

describe('wildcardMatch', () => {
  it('matches * across any characters, separators included, and ? as exactly one', () => {
    expect(wildcardMatch('arn:aws:s3:::b/dev/*', 'arn:aws:s3:::b/dev/src_code/a/b.py')).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::b/dev/*', 'arn:aws:s3:::b/dev/')).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::b/dev/*', 'arn:aws:s3:::b/dev2/x')).toBe(false);
    expect(wildcardMatch('job/pr*', 'job/prod-tbl_cep')).toBe(true);
    expect(wildcardMatch('job/pr1*', 'job/prod-tbl_cep')).toBe(false);
    expect(wildcardMatch('job/pr1*', 'job/pr12-tbl_cep')).toBe(true);
    expect(wildcardMatch('execution:dev-*:*', 'execution:dev-compras:run-1')).toBe(true);
    expect(wildcardMatch('a?c', 'abc')).toBe(true);
    expect(wildcardMatch('a?c', 'ac')).toBe(false);
    expect(wildcardMatch('*', '')).toBe(true);
  });

  it('treats regular-expression characters literally', () => {
    expect(wildcardMatch('table/a.b/*', 'table/axb/t')).toBe(false);
    expect(wildcardMatch('(x)+', '(x)+')).toBe(true);
  });

  it('ignores case only when asked (actions), not in resources', () => {
    expect(wildcardMatch('s3:getobject', 's3:GetObject', true)).toBe(true);
    expect(wildcardMatch('arn:aws:s3:::b/Dev/*', 'arn:aws:s3:::b/dev/x')).toBe(false);
  });
});

describe('allows', () => {
  const policy: PolicyDocument = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:Put*'], Resource: 'arn:aws:s3:::b/dev/*' },
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::b',
        Condition: { StringLike: { 's3:prefix': 'dev/*' } },
      },
      { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::b/dev/locked/*' },
    ],
  };

  it('allows what an Allow statement covers', () => {
    expect(allows(policy, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/dev/x' })).toBe(true);
    expect(allows(policy, { action: 's3:PutObjectTagging', resource: 'arn:aws:s3:::b/dev/x' })).toBe(true);
  });

  it('refuses another action, another resource, or what a Deny statement covers', () => {
    expect(allows(policy, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/dev/x' })).toBe(false);
    expect(allows(policy, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/prod/x' })).toBe(false);
    expect(allows(policy, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/dev/locked/x' })).toBe(false);
  });

  it('refuses when a condition key is missing or does not match', () => {
    const list = (context?: Record<string, string>) =>
      allows(policy, { action: 's3:ListBucket', resource: 'arn:aws:s3:::b', context });
    expect(list({ 's3:prefix': 'dev/src_code/' })).toBe(true);
    expect(list({ 's3:prefix': 'prod/' })).toBe(false);
    expect(list({ 's3:prefix': '' })).toBe(false);
    expect(list()).toBe(false);
  });

  it('treats a list of condition values as alternatives', () => {
    const statement = {
      Effect: 'Allow',
      Condition: { ArnLike: { 'aws:SourceArn': ['arn:x:pr0*', 'arn:x:pr1*'] } },
    };
    expect(conditionsHold(statement, { 'aws:SourceArn': 'arn:x:pr12-a' })).toBe(true);
    expect(conditionsHold(statement, { 'aws:SourceArn': 'arn:x:prod-a' })).toBe(false);
  });

  it('refuses to judge what it does not model', () => {
    const notAction: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
    };
    expect(() => allows(notAction, { action: 's3:GetObject', resource: 'x' })).toThrow(/NotAction/);
    const ifExists = { Effect: 'Allow', Condition: { StringEqualsIfExists: { k: 'v' } } };
    expect(() => conditionsHold(ifExists, {})).toThrow(/StringEqualsIfExists/);
  });
});
