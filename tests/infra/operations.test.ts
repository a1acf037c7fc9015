import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { METRIC } from '../../functions/runtime/metrics';
import {
  allPolicyStatements,
  isObject,
  readTemplate,
  referencedId,
  resourcesOfType,
  TemplateResolver,
  type CfnResource,
  type CfnTemplate,
  type Json,
  type JsonObject,
} from './support/cfn-template';
import { packageStackInto } from './support/packaged-stack-copy';

/**
 * Operations on the packaged stack (issue 9 §4): every step metric on the dashboard and emitted into the stage's
 * namespace, the state machines' executions on it, alarms on failed/timed-out executions, every function's errors
 * and throttles, the trigger's dead letters, "no batch loaded in 26 h", and X-Ray tracing on the state machines.
 */
/** A private copy of .serverless/ (others in this checkout package into the same folder). */
const OUT = mkdtempSync(path.join(tmpdir(), 'xecu-operations-'));
const TEMPLATE_PATH = path.join(OUT, 'cloudformation-template-update-stack.json'); // what packageStackInto(OUT) writes
const NAMESPACE = 'xecu/ci';
const SERVICE = 'xecu';

let template: CfnTemplate;
let resolver: TemplateResolver;

beforeAll(() => {
  packageStackInto(OUT);
  template = readTemplate(TEMPLATE_PATH);
  resolver = new TemplateResolver(template);
}, 720_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

interface AlarmProps {
  Namespace: string;
  MetricName: string;
  Dimensions: { Name: string; Value: Json }[];
  Statistic: string;
  Period: number;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  AlarmActions: Json[];
}

function alarms(): { id: string; props: AlarmProps }[] {
  return resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([id, alarm]) => ({ id, props: alarm.Properties as unknown as AlarmProps }));
}

/** The alarms on `metric` whose dimension `name` references resource `resourceId` (Ref or GetAtt). */
function alarmsOn(namespace: string, metric: string, name: string, resourceId: string) {
  return alarms().filter(
    ({ props }) =>
      props.Namespace === namespace &&
      props.MetricName === metric &&
      props.Dimensions.some((d) => d.Name === name && referencedId(d.Value) === resourceId),
  );
}

function functionIds(): string[] {
  return resourcesOfType(template, 'AWS::Lambda::Function').map(([id]) => id);
}

function stateMachineId(name: 'ingest' | 'report'): string {
  return name === 'ingest' ? 'IngestStateMachine' : 'ReportStateMachine';
}

type DashboardMetric = { namespace: string; name: string; dimensions: Record<string, string> };

/** The dashboard's metric rows, resolved: [namespace, name, dim, value, …, {options}?]. */
function dashboardMetrics(): DashboardMetric[] {
  const [[, dashboard] = []] = resourcesOfType(template, 'AWS::CloudWatch::Dashboard');
  if (!dashboard) throw new Error('no dashboard in the template');
  const body = JSON.parse(String(resolver.resolve(dashboard.Properties?.DashboardBody ?? null))) as {
    widgets: { type: string; properties: { metrics?: Json[][] } }[];
  };
  return body.widgets
    .filter((widget) => widget.type === 'metric')
    .flatMap((widget) => widget.properties.metrics ?? [])
    .map((row) => {
      const parts = row.filter((part): part is string => typeof part === 'string');
      const [namespace = '', name = '', ...pairs] = parts;
      const dimensions: Record<string, string> = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i] as string] = pairs[i + 1] as string;
      return { namespace, name, dimensions };
    });
}

function statementsAllowing(action: string, roleId: string): JsonObject[] {
  return allPolicyStatements(template)
    .filter(({ path: where }) => where.startsWith(`Resources/${roleId}/`))
    .map(({ statement }) => statement)
    .filter((s) => s.Effect === 'Allow' && (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action));
}

describe('operations on the packaged stack (sls package --stage ci, offline)', () => {
  it('every function writes its metrics into the stage namespace as service xecu', () => {
    for (const id of functionIds()) {
      const variables = resolver.resolve(template.Resources[id]?.Properties?.Environment ?? null) as { Variables: Record<string, string> };
      expect({ id, namespace: variables.Variables.POWERTOOLS_METRICS_NAMESPACE, service: variables.Variables.POWERTOOLS_SERVICE_NAME }).toEqual({
        id,
        namespace: NAMESPACE,
        service: SERVICE,
      });
    }
  });

  it('the dashboard shows every step metric the code emits, under the namespace and service it is emitted with', () => {
    const shown = dashboardMetrics().filter((m) => m.namespace === NAMESPACE);
    for (const name of Object.values(METRIC)) {
      const rows = shown.filter((m) => m.name === name);
      expect({ name, shown: rows.length > 0 }).toEqual({ name, shown: true });
      for (const row of rows) expect(row.dimensions.service).toBe(SERVICE);
    }
    // The dimension values the recorders use (functions/runtime/metrics.ts): a typo here shows an empty graph.
    const dimensionValues = (key: string) => new Set(shown.flatMap((m) => (m.dimensions[key] ? [m.dimensions[key]] : [])));
    expect(dimensionValues('kind')).toEqual(new Set(['customers', 'listings']));
    expect(dimensionValues('band')).toEqual(new Set(['lead', 'review']));
    expect(dimensionValues('site')).toEqual(new Set(['chotot', 'xetot']));
  });

  it('the dashboard shows succeeded, failed and timed-out executions of both state machines', () => {
    const executions = dashboardMetrics().filter((m) => m.namespace === 'AWS/States');
    for (const machine of ['ingest', 'report'] as const) {
      const arn = `ref:${stateMachineId(machine)}`;
      const names = executions.filter((m) => m.dimensions.StateMachineArn === arn).map((m) => m.name);
      expect(names).toEqual(expect.arrayContaining(['ExecutionsSucceeded', 'ExecutionsFailed', 'ExecutionsTimedOut']));
    }
  });

  it('the dashboard shows every function\'s errors and throttles', () => {
    const lambda = dashboardMetrics().filter((m) => m.namespace === 'AWS/Lambda');
    for (const id of functionIds()) {
      for (const metric of ['Errors', 'Throttles']) {
        expect({ id, metric, shown: lambda.some((m) => m.name === metric && m.dimensions.FunctionName === `ref:${id}`) }).toEqual({ id, metric, shown: true });
      }
    }
  });

  it('alarms on failed and timed-out executions of both state machines', () => {
    for (const machine of ['ingest', 'report'] as const) {
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
        const found = alarmsOn('AWS/States', metric, 'StateMachineArn', stateMachineId(machine));
        expect({ machine, metric, alarms: found.length }).toEqual({ machine, metric, alarms: 1 });
        expect(found[0]?.props).toMatchObject({ Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      }
    }
  });

  it('alarms on every function\'s errors and throttles', () => {
    for (const id of functionIds()) {
      for (const metric of ['Errors', 'Throttles']) {
        expect({ id, metric, alarms: alarmsOn('AWS/Lambda', metric, 'FunctionName', id).length }).toEqual({ id, metric, alarms: 1 });
      }
    }
  });

  it('alarms on the first message in the trigger dead-letter queue', () => {
    const [dlq] = alarmsOn('AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', 'TriggerDeadLetterQueue');
    expect(dlq?.props).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });

  it('alarms when no batch loaded for 26 hours: hourly sums of BatchesLoaded, missing hours breaching', () => {
    const found = alarms().filter(({ props }) => props.Namespace === NAMESPACE && props.MetricName === METRIC.batchesLoaded);
    expect(found).toHaveLength(1);
    const props = found[0]?.props as AlarmProps;
    // The metric the load emits carries only the service dimension (functions/runtime/metrics.ts).
    expect(props.Dimensions.map((d) => [d.Name, resolver.resolve(d.Value)])).toEqual([['service', SERVICE]]);
    expect(props).toMatchObject({ Statistic: 'Sum', Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
    expect(props.Period * props.EvaluationPeriods).toBe(26 * 3600);
    expect(props.DatapointsToAlarm ?? props.EvaluationPeriods).toBe(props.EvaluationPeriods);
    // CloudWatch: at most 7 days of evaluation, and more than one day only with periods of an hour or longer.
    expect(props.Period).toBeGreaterThanOrEqual(3600);
    expect(props.Period * props.EvaluationPeriods).toBeLessThanOrEqual(7 * 86_400);
  });

  it('every alarm notifies the alarm topic', () => {
    for (const { id, props } of alarms()) {
      expect({ id, actions: props.AlarmActions.map((action) => referencedId(action)) }).toEqual({ id, actions: ['AlarmTopic'] });
    }
  });

  it('traces both state machines with X-Ray, their roles allowed to send traces', () => {
    for (const machine of ['ingest', 'report'] as const) {
      const resource = template.Resources[stateMachineId(machine)] as CfnResource;
      expect(resource.Properties?.TracingConfiguration).toEqual({ Enabled: true });
      const roleId = referencedId(resource.Properties?.RoleArn);
      expect(roleId).not.toBeNull();
      expect(statementsAllowing('xray:PutTraceSegments', roleId as string).length).toBeGreaterThan(0);
    }
  });

  it('traces every function with X-Ray, its role allowed to send traces (else Lambda refuses the deploy)', () => {
    for (const id of functionIds()) {
      const props = template.Resources[id]?.Properties ?? {};
      const tracing = isObject(props.TracingConfig) ? props.TracingConfig.Mode : undefined;
      expect({ id, tracing }).toEqual({ id, tracing: 'Active' });
      const roleId = referencedId(props.Role) as string;
      const attached = resourcesOfType(template, 'AWS::IAM::ManagedPolicy').filter(([, policy]) =>
        (policy.Properties?.Roles as Json[] | undefined)?.some((role) => referencedId(role) === roleId),
      );
      const viaManaged = attached.some(([policyId]) => statementsAllowing('xray:PutTraceSegments', policyId).length > 0);
      expect({ id, canTrace: statementsAllowing('xray:PutTraceSegments', roleId).length > 0 || viaManaged }).toEqual({ id, canTrace: true });
    }
  });
});
