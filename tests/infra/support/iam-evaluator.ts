import { isObject, type Json, type JsonObject } from './cfn-template';

/** One IAM policy statement after intrinsics are resolved. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: JsonObject;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** IAM wildcard match: `*` any run of characters, `?` one character. Actions compare case-insensitively. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

function matchesAction(statement: PolicyStatement, action: string): boolean {
  if (statement.NotAction !== undefined) return !list(statement.NotAction).some((p) => wildcardMatch(p, action, true));
  return list(statement.Action).some((p) => wildcardMatch(p, action, true));
}

function matchesResource(statement: PolicyStatement, resource: string): boolean {
  if (statement.NotResource !== undefined) return !list(statement.NotResource).some((p) => wildcardMatch(p, resource));
  return list(statement.Resource).some((p) => wildcardMatch(p, resource));
}

/**
 * Whether identity-policy statements allow `action` on `resource`. Conditions are not evaluated, in the direction
 * that can only over-report access: a conditional Allow counts as allowing, a conditional Deny as not denying.
 * So "not allowed" here means not allowed under any request context.
 */
export function isAllowed(statements: PolicyStatement[], action: string, resource: string): boolean {
  const applies = (s: PolicyStatement) => matchesAction(s, action) && matchesResource(s, resource);
  if (statements.some((s) => s.Effect === 'Deny' && s.Condition === undefined && applies(s))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s));
}

/** Statements of a resolved policy document (a single statement object is allowed by IAM). */
export function statementsOf(document: Json | undefined): PolicyStatement[] {
  if (!isObject(document)) throw new Error('policy document is not an object');
  const statement = document.Statement;
  const items = Array.isArray(statement) ? statement : [statement];
  return items.map((item) => {
    if (!isObject(item) || (item.Effect !== 'Allow' && item.Effect !== 'Deny')) throw new Error(`bad statement ${JSON.stringify(item)}`);
    return item as unknown as PolicyStatement;
  });
}

/** An Allow that grants every action, or every action of a service (`s3:*`), on every resource. */
export function isWildcardGrant(statement: { Effect?: Json; Action?: Json; NotAction?: Json; Resource?: Json }): boolean {
  if (statement.Effect !== 'Allow') return false;
  // NotAction in an Allow grants everything but the listed actions: as broad as a wildcard.
  if (statement.NotAction !== undefined) return true;
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
  const broadAction = actions.some((a) => typeof a === 'string' && (a === '*' || /^[a-z0-9-]+:\*$/i.test(a)));
  return broadAction && resources.some((r) => r === '*');
}
