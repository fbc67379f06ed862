// A small evaluator of IAM identity policies, enough to ask "may this role make this call on this
// resource?" of the bootstrap's policies: Allow/Deny statements, `*` and `?` wildcards in actions
// and resources, and the condition operators the template uses. Anything else it meets (NotAction,
// NotResource, another operator) is an error, so a policy it cannot judge never passes as "denied".

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: Json;
  Principal?: Json;
  Condition?: Record<string, Record<string, Json>>;
  [other: string]: Json | undefined;
}

export interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

export interface Request {
  action: string;
  resource: string;
  /** Condition keys of the request (e.g. `s3:prefix`, `iam:PassedToService`). */
  context?: Record<string, string>;
}

/** IAM's wildcard match: `*` is any run of characters (`/` and `:` included), `?` exactly one. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'si' : 's').test(value);
}

const list = (v: Json | undefined): string[] => {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((x) => String(x));
  return [String(v)];
};

const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringLike: (p, v) => wildcardMatch(p, v),
  ArnEquals: (p, v) => p === v,
  ArnLike: (p, v) => wildcardMatch(p, v),
  Bool: (p, v) => p.toLowerCase() === v.toLowerCase(),
};

/** Whether every condition of a statement holds for the request's context. A key the request does
 * not carry fails its condition (no `...IfExists` operator is used). */
export function conditionsHold(statement: Statement, context: Record<string, string> = {}): boolean {
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    const test = OPERATORS[operator];
    if (!test) throw new Error(`condition operator ${operator} is not supported by this evaluator`);
    for (const [key, patterns] of Object.entries(keys)) {
      const value = context[key];
      if (value === undefined || !list(patterns).some((p) => test(p, value))) return false;
    }
  }
  return true;
}

function statementApplies(statement: Statement, request: Request): boolean {
  for (const unsupported of ['NotAction', 'NotResource', 'NotPrincipal']) {
    if (unsupported in statement) throw new Error(`${unsupported} is not supported by this evaluator`);
  }
  return (
    list(statement.Action).some((a) => wildcardMatch(a, request.action, true)) &&
    list(statement.Resource).some((r) => wildcardMatch(r, request.resource)) &&
    conditionsHold(statement, request.context)
  );
}

/** IAM's decision for one identity policy: allowed when an Allow statement applies and no Deny does. */
export function allows(policy: PolicyDocument, request: Request): boolean {
  const applying = policy.Statement.filter((s) => statementApplies(s, request));
  return applying.some((s) => s.Effect === 'Allow') && !applying.some((s) => s.Effect === 'Deny');
}
