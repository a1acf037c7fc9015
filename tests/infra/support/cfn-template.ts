import { readFileSync } from 'node:fs';

/** A CloudFormation template as JSON: just enough typing to walk it safely. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: JsonObject;
  Condition?: string;
  DependsOn?: string | string[];
}

export interface CfnTemplate {
  Parameters?: Record<string, { Default?: string }>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, JsonObject>;
}

export function readTemplate(path: string): CfnTemplate {
  return JSON.parse(readFileSync(path, 'utf8')) as CfnTemplate;
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** Logical id of `{ "Fn::GetAtt": [id, attribute] }` or `{ "Ref": id }`, else null. */
export function referencedId(value: Json | undefined): string | null {
  if (!isObject(value)) return null;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof value.Ref === 'string') return value.Ref;
  return null;
}

/** Fake values for what only CloudFormation knows, so ARNs and names can be compared as strings. */
export const FAKE_PSEUDO = { 'AWS::AccountId': '123456789012', 'AWS::Region': 'ap-southeast-1', 'AWS::Partition': 'aws' } as const;

/** Marks a value removed by `Ref: AWS::NoValue`. */
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Resolves intrinsic functions with the template's parameter defaults and fake pseudo parameters, the way one
 * deployment of this stage would see them. Buckets resolve to their names/ARNs; other resources to
 * `ref:<Id>` / `arn:fake:<Id>.<Attribute>` so references stay recognisable. Unknown intrinsics throw, so a new
 * construct in the template fails the test instead of passing unevaluated.
 */
export class TemplateResolver {
  constructor(private readonly template: CfnTemplate) {}

  resolve(value: Json): Json {
    const out = this.walk(value);
    if (out === NO_VALUE) throw new Error('value resolved to AWS::NoValue');
    return out;
  }

  condition(name: string): boolean {
    const expression = this.template.Conditions?.[name];
    if (expression === undefined) throw new Error(`unknown condition ${name}`);
    return this.evaluateCondition(expression);
  }

  private walk(value: Json): Json | typeof NO_VALUE {
    if (Array.isArray(value)) {
      return value.map((item) => this.walk(item)).filter((item): item is Json => item !== NO_VALUE);
    }
    if (!isObject(value)) return value;
    const keys = Object.keys(value);
    const [key] = keys;
    if (keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
      return this.intrinsic(key, value[key] as Json);
    }
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const resolved = this.walk(v);
      if (resolved !== NO_VALUE) out[k] = resolved;
    }
    return out;
  }

  private intrinsic(name: string, argument: Json): Json | typeof NO_VALUE {
    switch (name) {
      case 'Ref':
        return this.ref(String(argument));
      case 'Fn::GetAtt': {
        const [id, attribute] = argument as [string, string];
        return this.getAtt(id, attribute);
      }
      case 'Fn::Sub': {
        const [text, variables] = Array.isArray(argument) ? (argument as [string, JsonObject]) : [argument as string, {}];
        return text.replace(/\$\{(!?)([^}]+)\}/g, (_match, bang: string, inner: string) => {
          if (bang) return `\${${inner}}`;
          if (Object.hasOwn(variables, inner)) return String(this.walk(variables[inner] as Json));
          const [id, attribute] = inner.split('.');
          return String(attribute === undefined ? this.ref(inner) : this.getAtt(id as string, attribute));
        });
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, Json[]];
        return parts.map((part) => String(this.walk(part))).join(separator);
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = argument as [string, Json, Json];
        return this.walk(this.condition(condition) ? whenTrue : whenFalse);
      }
      default:
        throw new Error(`TemplateResolver does not know ${name}`);
    }
  }

  private ref(id: string): Json | typeof NO_VALUE {
    if (id === 'AWS::NoValue') return NO_VALUE;
    if (Object.hasOwn(FAKE_PSEUDO, id)) return FAKE_PSEUDO[id as keyof typeof FAKE_PSEUDO];
    const parameter = this.template.Parameters?.[id];
    if (parameter) return parameter.Default ?? '';
    const resource = this.template.Resources[id];
    if (!resource) throw new Error(`Ref to unknown ${id}`);
    if (resource.Type === 'AWS::S3::Bucket') return this.walk(resource.Properties?.BucketName ?? id) as Json;
    return `ref:${id}`;
  }

  private getAtt(id: string, attribute: string): Json {
    const resource = this.template.Resources[id];
    if (!resource) throw new Error(`GetAtt on unknown ${id}`);
    if (resource.Type === 'AWS::S3::Bucket' && attribute === 'Arn') return `arn:aws:s3:::${String(this.ref(id))}`;
    return `arn:fake:${id}.${attribute}`;
  }

  private evaluateCondition(expression: Json): boolean {
    if (!isObject(expression)) throw new Error(`bad condition ${JSON.stringify(expression)}`);
    if (typeof expression.Condition === 'string') return this.condition(expression.Condition);
    const equals = expression['Fn::Equals'];
    if (Array.isArray(equals)) return this.walk(equals[0] as Json) === this.walk(equals[1] as Json);
    const not = expression['Fn::Not'];
    if (Array.isArray(not)) return !this.evaluateCondition(not[0] as Json);
    const and = expression['Fn::And'];
    if (Array.isArray(and)) return and.every((item) => this.evaluateCondition(item));
    const or = expression['Fn::Or'];
    if (Array.isArray(or)) return or.some((item) => this.evaluateCondition(item));
    throw new Error(`unknown condition function in ${JSON.stringify(expression)}`);
  }
}

/**
 * Every variant of `value` over the choices of its `Fn::If`s (both branches of each), with `AWS::NoValue` items
 * dropped from lists. Other intrinsics stay as they are. Used where a check must hold on every stage's path,
 * not only the one this stage's parameters select.
 */
export function conditionalVariants(value: Json): Json[] {
  if (Array.isArray(value)) {
    return value.reduce<Json[][]>(
      (prefixes, item) =>
        conditionalVariants(item).flatMap((variant) =>
          prefixes.map((prefix) => (isNoValue(variant) ? prefix : [...prefix, variant])),
        ),
      [[]],
    );
  }
  if (!isObject(value)) return [value];
  const branches = value['Fn::If'];
  if (Array.isArray(branches) && Object.keys(value).length === 1) {
    return [...conditionalVariants(branches[1] as Json), ...conditionalVariants(branches[2] as Json)];
  }
  return Object.entries(value).reduce<JsonObject[]>(
    (prefixes, [key, child]) =>
      conditionalVariants(child).flatMap((variant) => prefixes.map((prefix) => ({ ...prefix, [key]: variant }))),
    [{}],
  );
}

function isNoValue(value: Json): boolean {
  return isObject(value) && value.Ref === 'AWS::NoValue';
}

/** Every `Statement` entry of every policy document in the template (identity, trust, bucket, managed). */
export function allPolicyStatements(template: CfnTemplate): { path: string; statement: JsonObject }[] {
  const found: { path: string; statement: JsonObject }[] = [];
  const visit = (node: Json, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}/${index}`));
      return;
    }
    if (!isObject(node)) return;
    for (const [key, child] of Object.entries(node)) {
      if ((key === 'PolicyDocument' || key === 'AssumeRolePolicyDocument') && isObject(child)) {
        const statements = Array.isArray(child.Statement) ? child.Statement : [child.Statement as Json];
        for (const variant of conditionalVariants(statements)) {
          for (const statement of variant as Json[]) if (isObject(statement)) found.push({ path: `${path}/${key}`, statement });
        }
      } else {
        visit(child, `${path}/${key}`);
      }
    }
  };
  visit(template.Resources as unknown as Json, 'Resources');
  return found;
}
