import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FUNCTION_LOGICAL_IDS, readAsl } from '../../resources/state-machines/ingest.cjs';
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
import { isAllowed, isWildcardGrant, statementsOf, wildcardMatch, type PolicyStatement } from './support/iam-evaluator';
import { extractZip, zipEntries } from './support/zip-archive';
import { ddlBatches, MAX_BATCH_STATEMENTS, MAX_STATEMENT_BYTES } from '../../shared/adapters/redshift-data/redshift-data-warehouse';
import { ddlFiles, scanSql } from '../../shared/sql';

const ROOT = path.resolve(__dirname, '../..');
/**
 * A private copy of .serverless/: everyone working in this checkout packages into the same folder, and a packaging
 * started by someone else while these tests read would remove the zips under them.
 */
const OUT = mkdtempSync(path.join(tmpdir(), 'xecu-packaged-'));
const TEMPLATE_PATH = path.join(OUT, 'cloudformation-template-update-stack.json'); // what packageStackInto(OUT) writes

/** serverless.yml function key → osls logical id prefix. */
const FUNCTIONS = {
  trigger: 'Trigger',
  clean: 'Clean',
  'write-manifest': 'WriteDashmanifest',
  load: 'Load',
  'statement-status': 'StatementDashstatus',
  'fail-batch': 'FailDashbatch',
  migrate: 'Migrate',
  'wait-for-loads': 'WaitDashforDashloads',
  'refresh-marts': 'RefreshDashmarts',
  match: 'Match',
  export: 'Export',
  notify: 'Notify',
  download: 'Download',
  scrape: 'Scrape',
} as const;
type FunctionKey = keyof typeof FUNCTIONS;
const FUNCTION_KEYS = Object.keys(FUNCTIONS) as FunctionKey[];
/** The functions that talk to the warehouse; only they get the REDSHIFT_* variables. */
const WAREHOUSE_KEYS: FunctionKey[] = [
  'clean',
  'write-manifest',
  'load',
  'statement-status',
  'fail-batch',
  'migrate',
  'wait-for-loads',
  'refresh-marts',
  'match',
  'export',
];

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
/** Every function is traced with X-Ray (LambdaTracingPolicy). */
const TRACES = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
const DATA_API = [
  'redshift-data:ExecuteStatement',
  'redshift-data:BatchExecuteStatement',
  'redshift-data:DescribeStatement',
  'redshift-data:GetStatementResult',
  'redshift-data:CancelStatement',
];
// ci creates a Serverless warehouse: the functions sign in as IAMR:<role name> (GetCredentials); only migrate reads
// the generated admin secret.
const AS_OWN_DB_USER = 'redshift-serverless:GetCredentials';
const AS_ADMIN = 'secretsmanager:GetSecretValue';
/** Every action each function's role allows in the ci stage, and nothing else. */
const EXPECTED_ACTIONS: Record<FunctionKey, string[]> = {
  trigger: [...LOGS, ...TRACES, 'states:StartExecution', 'sqs:SendMessage'],
  clean: [...LOGS, ...TRACES, 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:AbortMultipartUpload', 'kms:Decrypt', 'kms:GenerateDataKey'],
  'write-manifest': [...LOGS, ...TRACES, 's3:PutObject', 'kms:GenerateDataKey', ...DATA_API, AS_OWN_DB_USER],
  load: [...LOGS, ...TRACES, ...DATA_API, AS_OWN_DB_USER],
  'statement-status': [...LOGS, ...TRACES, ...DATA_API, AS_OWN_DB_USER],
  'fail-batch': [...LOGS, ...TRACES, ...DATA_API, AS_OWN_DB_USER],
  migrate: [...LOGS, ...TRACES, ...DATA_API, AS_ADMIN],
  'wait-for-loads': [...LOGS, ...TRACES, ...DATA_API, AS_OWN_DB_USER],
  'refresh-marts': [...LOGS, ...TRACES, ...DATA_API, AS_OWN_DB_USER],
  match: [...LOGS, ...TRACES, ...DATA_API, AS_OWN_DB_USER],
  export: [...LOGS, ...TRACES, ...DATA_API, AS_OWN_DB_USER, 's3:PutObject', 's3:AbortMultipartUpload', 'kms:Decrypt', 'kms:GenerateDataKey'],
  notify: [...LOGS, ...TRACES, 's3:GetObject', 'kms:Decrypt', 'ses:SendEmail', 'ses:SendRawEmail'],
  download: [...LOGS, ...TRACES, 's3:GetObject', 'kms:Decrypt'],
  scrape: [...LOGS, ...TRACES, 's3:PutObject', 's3:AbortMultipartUpload', 'kms:Decrypt', 'kms:GenerateDataKey'],
};
/**
 * load, statement-status and fail-batch follow one Data API statement from three Lambdas: they share one role,
 * the documented single owner of load statements (resources/iam.yml). Every other function has its own.
 */
const LOAD_STATEMENT_OWNERS: FunctionKey[] = ['load', 'statement-status', 'fail-batch'];
/** Database role each runtime IAM role is granted at sign-in (RedshiftDbRoles tag), created by migrate. */
const DATABASE_ROLES = {
  WriteManifestFunctionRole: 'xecu_manifest',
  LoadFunctionRole: 'xecu_load',
  WaitForLoadsFunctionRole: 'xecu_marts',
  RefreshMartsFunctionRole: 'xecu_marts',
  MatchFunctionRole: 'xecu_match',
  ExportFunctionRole: 'xecu_read',
} as const;
const DATA_KEY_ARN = 'arn:fake:DataKey.Arn';
const S3_VIA = { StringEquals: { 'kms:ViaService': 's3.ap-southeast-1.amazonaws.com' } };

/** Resolver placeholders → what CloudFormation would put in the environment for stage ci. */
const DEPLOYED_VALUES: Record<string, string> = {
  'ref:IngestStateMachine': 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:xecu-ci-ingest',
  'ref:WarehouseWorkgroup': 'xecu-ci',
  'ref:WarehouseAdminSecret': 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:xecu/ci/redshift-admin-AbCdEf',
  'arn:fake:RedshiftCopyRole.Arn': 'arn:aws:iam::123456789012:role/xecu-ci-RedshiftCopyRole-AbCdEf',
  'arn:fake:DownloadLambdaFunctionUrl.FunctionUrl': 'https://abcdefghijklmnopqrstuvwxyz234567.lambda-url.ap-southeast-1.on.aws/',
  // A dynamic reference CloudFormation resolves at deploy: the generated 64-character key.
  '{{resolve:secretsmanager:ref:DownloadTokenSecret:SecretString}}': 'Xq7pL2mN9vR4tY8wB3cD6fG1hJ5kS0zA7pL2mN9vR4tY8wB3cD6fG1hJ5kS0zAq7',
};

let template: CfnTemplate;
let resolver: TemplateResolver;

const resource = (id: string): CfnResource => {
  const found = template.Resources[id];
  if (!found) throw new Error(`no resource ${id} in the packaged template`);
  return found;
};
const props = (id: string): JsonObject => resource(id).Properties ?? {};
const resolved = (value: Json | undefined): Json => resolver.resolve(value ?? null);
const bucketName = (id: string): string => String(resolved({ Ref: id }));
const objectArn = (bucketId: string, key: string): string => `arn:aws:s3:::${bucketName(bucketId)}/${key}`;

function functionResource(key: FunctionKey): CfnResource {
  return resource(`${FUNCTIONS[key]}LambdaFunction`);
}

function roleIdOf(key: FunctionKey): string {
  const id = referencedId(functionResource(key).Properties?.Role);
  if (!id) throw new Error(`${key} has no role reference`);
  return id;
}

/** Resolved statements of a role: inline policies plus managed policies attached from either side. */
function roleStatements(roleId: string, using: TemplateResolver = resolver): PolicyStatement[] {
  const resolved = (value: Json | undefined): Json => using.resolve(value ?? null);
  const role = props(roleId);
  const inline = (Array.isArray(role.Policies) ? role.Policies : []).flatMap((policy) =>
    isObject(policy) ? statementsOf(resolved(policy.PolicyDocument)) : [],
  );
  const attachedIds = new Set((Array.isArray(role.ManagedPolicyArns) ? role.ManagedPolicyArns : []).map((arn) => referencedId(arn)));
  const managed = resourcesOfType(template, 'AWS::IAM::ManagedPolicy')
    .filter(([id, policy]) => {
      const roles = policy.Properties?.Roles;
      return attachedIds.has(id) || (Array.isArray(roles) && roles.some((r) => referencedId(r) === roleId));
    })
    .flatMap(([, policy]) => statementsOf(resolved(policy.Properties?.PolicyDocument)));
  return [...inline, ...managed];
}

/** A resolver for the same template deployed with other parameter values (another stage's params). */
function withParameters(values: Record<string, string>): TemplateResolver {
  const parameters = { ...template.Parameters };
  for (const [name, value] of Object.entries(values)) {
    if (!parameters[name]) throw new Error(`no parameter ${name}`);
    parameters[name] = { ...parameters[name], Default: value };
  }
  return new TemplateResolver({ ...template, Parameters: parameters });
}

function allowedActions(statements: PolicyStatement[]): string[] {
  const actions = statements.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action ?? '']));
  return [...new Set(actions)].sort();
}

function cfnLint(): { status: number | null; output: string } {
  const cfnLintBin = path.join(ROOT, '.venv/bin/cfn-lint');
  if (!existsSync(cfnLintBin)) {
    const setup = spawnSync('flock', ['/tmp/xecu-npm.lock', path.join(ROOT, 'scripts/setup-python.sh')], { encoding: 'utf8' });
    if (setup.status !== 0) throw new Error(`scripts/setup-python.sh failed:\n${setup.stderr}`);
  }
  // W3005 (DependsOn already implied by GetAtt) is ignored: osls adds `DependsOn: <role>` next to
  // `Role: Fn::GetAtt <role>.Arn` for every function with a custom role (compileRole); redundant, harmless, not ours.
  const run = spawnSync(cfnLintBin, ['--ignore-checks', 'W3005', '--', TEMPLATE_PATH], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function sqlFilesInRepo(dir = path.join(ROOT, 'shared/sql')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sqlFilesInRepo(full);
    return entry.name.endsWith('.sql') ? [path.relative(ROOT, full).split(path.sep).join('/')] : [];
  });
}

// The timeouts bound packaging, including the wait for the packaging lock when others in this checkout package
// too; how long packaging itself took is in the script's stderr.
beforeAll(() => {
  packageStackInto(OUT);
  template = readTemplate(TEMPLATE_PATH);
  resolver = new TemplateResolver(template);
}, 720_000);

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('packaged stack: sls package --stage ci, offline', () => {
  it('packages without AWS credentials', () => {
    expect(existsSync(TEMPLATE_PATH)).toBe(true);
  });

  it('passes cfn-lint', () => {
    // Act
    const { status, output } = cfnLint();
    // Assess
    expect(output).toBe('');
    expect(status).toBe(0);
  }, 180_000);
});

describe('packaged stack: functions', () => {
  it('declares exactly the fourteen functions, on Node 22, with handlers at functions/<name>/handler.handler', () => {
    // Act
    const functions = resourcesOfType(template, 'AWS::Lambda::Function').map(([, fn]) => fn.Properties ?? {});
    // Assess
    expect(functions.map((fn) => fn.Handler).sort()).toEqual(FUNCTION_KEYS.map((key) => `functions/${key}/handler.handler`).sort());
    for (const fn of functions) expect(fn.Runtime).toBe('nodejs22.x');
  });

  it('gives every function a role of its own, except the load statement owners, who share one; not the state machine', () => {
    // Act
    const others = FUNCTION_KEYS.filter((key) => !LOAD_STATEMENT_OWNERS.includes(key));
    const roleIds = others.map(roleIdOf);
    const ownerRoles = new Set(LOAD_STATEMENT_OWNERS.map(roleIdOf));
    const stateMachineRole = referencedId(props('IngestStateMachine').RoleArn);
    // Assess
    expect([...ownerRoles]).toEqual(['LoadFunctionRole']);
    expect(new Set([...roleIds, 'LoadFunctionRole']).size).toBe(others.length + 1);
    for (const id of [...roleIds, 'LoadFunctionRole']) expect(resource(id).Type).toBe('AWS::IAM::Role');
    expect([...roleIds, 'LoadFunctionRole']).not.toContain(stateMachineRole);
  });

  it('sizes clean for spilling: 2048 MB memory, 4096 MB of /tmp, 15 minutes', () => {
    const clean = props('CleanLambdaFunction');
    expect(clean.MemorySize).toBe(2048);
    expect((clean.EphemeralStorage as JsonObject).Size).toBeGreaterThanOrEqual(4096);
    expect(clean.Timeout).toBe(900);
  });

  it('gives migrate the time the DDL batch may take: 6 minutes, 512 MB', () => {
    // RedshiftDataWarehouse.migrate() polls for up to 5 minutes.
    const migrate = props('MigrateLambdaFunction');
    expect([migrate.Timeout, migrate.MemorySize]).toEqual([360, 512]);
  });

  it('lets a statement-status poll run 60 s, so Lambda does not cut off a poll while a committed load finishes', () => {
    expect(props('StatementDashstatusLambdaFunction').Timeout).toBe(60);
  });

  it('keeps every function log group for 30 days', () => {
    for (const key of FUNCTION_KEYS) {
      const group = props(`${FUNCTIONS[key]}LogGroup`);
      expect([key, group.LogGroupName]).toEqual([key, `/aws/lambda/xecu-ci-${key}`]);
      expect([key, group.RetentionInDays]).toEqual([key, 30]);
    }
  });

  const environmentOf = (key: FunctionKey): JsonObject =>
    resolved((functionResource(key).Properties?.Environment as JsonObject).Variables) as JsonObject;

  it('configures every function with the logger settings, and the ingest tasks with the processed bucket', () => {
    for (const key of FUNCTION_KEYS) {
      // Act
      const env = environmentOf(key);
      // Assess
      expect([key, env]).toMatchObject([key, { POWERTOOLS_SERVICE_NAME: 'xecu', POWERTOOLS_LOG_LEVEL: 'DEBUG' }]);
    }
    for (const key of ['clean', 'write-manifest', 'load', 'statement-status', 'fail-batch'] as const) {
      expect([key, environmentOf(key).PROCESSED_BUCKET]).toEqual([key, bucketName('ProcessedBucket')]);
    }
  });

  it.each(FUNCTION_KEYS)('sets %s no environment variable its bundle never reads', (key) => {
    // Prepare: the bundle holds the function's code and every library it uses (Powertools reads POWERTOOLS_*)
    const unpacked = mkdtempSync(path.join(tmpdir(), `xecu-env-${key}-`));
    try {
      extractZip(path.join(OUT, `${key}.zip`), unpacked, (name) => name === `functions/${key}/handler.js`);
      const bundle = readFileSync(path.join(unpacked, `functions/${key}/handler.js`), 'utf8');
      // Act: NODE_OPTIONS is read by Node itself; the metrics namespace is set on every function on purpose, so
      // any metric a function emits lands in the stage's namespace (tests/infra/operations.test.ts)
      const setByDesign = new Set(['NODE_OPTIONS', 'POWERTOOLS_METRICS_NAMESPACE']);
      const unread = Object.keys(environmentOf(key)).filter((name) => !setByDesign.has(name) && !bundle.includes(name));
      // Assess
      expect([key, unread]).toEqual([key, []]);
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });

  it.each(WAREHOUSE_KEYS)('tells %s which warehouse to use: the created workgroup and the COPY role', (key) => {
    // Act
    const env = environmentOf(key);
    // Assess
    expect(env.REDSHIFT_CLUSTER_IDENTIFIER).toBeUndefined();
    expect(env).toMatchObject({
      REDSHIFT_DATABASE: 'xecu',
      REDSHIFT_WORKGROUP_NAME: 'ref:WarehouseWorkgroup',
      REDSHIFT_COPY_ROLE_ARN: 'arn:fake:RedshiftCopyRole.Arn',
    });
  });

  it('gives the admin secret to migrate only; the others sign in as their own database users', () => {
    // Act
    const withSecret = WAREHOUSE_KEYS.filter((key) => environmentOf(key).REDSHIFT_SECRET_ARN !== undefined);
    const withDbUser = WAREHOUSE_KEYS.filter((key) => environmentOf(key).REDSHIFT_DB_USER !== undefined);
    // Assess: on Serverless the IAM role is the database user (IAMR:<role name>), so no REDSHIFT_DB_USER
    expect(withSecret).toEqual(['migrate']);
    expect(environmentOf('migrate').REDSHIFT_SECRET_ARN).toBe('ref:WarehouseAdminSecret');
    expect(withDbUser).toEqual([]);
  });

  it('gives the functions that never use the warehouse no warehouse variables', () => {
    // Prepare
    const others = FUNCTION_KEYS.filter((key) => !WAREHOUSE_KEYS.includes(key));
    expect(others.sort()).toEqual(['download', 'notify', 'scrape', 'trigger']);
    for (const key of others) {
      // Act
      const warehouseNames = Object.keys(environmentOf(key)).filter((name) => name.startsWith('REDSHIFT_'));
      // Assess
      expect([key, warehouseNames]).toEqual([key, []]);
    }
  });

  it('tells the trigger which state machine to start', () => {
    const env = (props('TriggerLambdaFunction').Environment as JsonObject).Variables as JsonObject;
    expect(env.INGEST_STATE_MACHINE_ARN).toEqual({ Ref: 'IngestStateMachine' });
  });

  it('ships every SQL file under shared/sql in every function zip, beside the handler bundle', () => {
    // Prepare
    const sql = sqlFilesInRepo();
    expect(sql.length).toBeGreaterThan(0);
    for (const key of FUNCTION_KEYS) {
      // Act
      const entries = zipEntries(path.join(OUT, `${key}.zip`));
      // Assess
      expect([key, sql.filter((file) => !entries.includes(file))]).toEqual([key, []]);
      expect(entries).toContain(`functions/${key}/handler.js`);
    }
  });

  it.each(FUNCTION_KEYS)('loads the %s bundle from its zip alone, with the stage environment, on Node 22', (key) => {
    // Prepare: unpack outside the repo so nothing resolves from the project's node_modules
    const taskRoot = mkdtempSync(path.join(tmpdir(), `xecu-${key}-`));
    try {
      extractZip(path.join(OUT, `${key}.zip`), taskRoot, (name) => !name.endsWith('.br'));
      const variables = resolved((functionResource(key).Properties?.Environment as JsonObject).Variables) as Record<string, string>;
      // What only CloudFormation knows, as the values it would give (the handlers validate them at init).
      const env = Object.fromEntries(
        Object.entries(variables).map(([name, value]) => {
          const deployed = DEPLOYED_VALUES[value];
          if (deployed === undefined && !value.startsWith('ref:') && !value.startsWith('arn:fake:')) return [name, value];
          if (deployed === undefined) throw new Error(`no deployed-like value for ${name}=${value}: add one to DEPLOYED_VALUES`);
          return [name, deployed];
        }),
      );
      // Act
      const run = spawnSync(
        path.join(ROOT, 'node_modules/.bin/node'),
        ['-e', `const m = require('./functions/${key}/handler.js'); if (typeof m.handler !== 'function') { throw new Error('no handler export'); }`],
        {
          cwd: taskRoot,
          encoding: 'utf8',
          timeout: 60_000,
          env: { PATH: process.env.PATH, ...env, LAMBDA_TASK_ROOT: taskRoot, AWS_REGION: 'ap-southeast-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_EC2_METADATA_DISABLED: 'true' },
        },
      );
      // Assess
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    } finally {
      rmSync(taskRoot, { recursive: true, force: true });
    }
  });

  it('ships the Redshift DDL that migrate runs in its zip', () => {
    // Prepare
    const ddl = sqlFilesInRepo(path.join(ROOT, 'shared/sql/ddl/redshift'));
    // Act
    const entries = zipEntries(path.join(OUT, 'migrate.zip'));
    // Assess
    expect(ddl.length).toBeGreaterThan(0);
    expect(ddl.filter((file) => !entries.includes(file))).toEqual([]);
  });

  it('packs the Redshift DDL into Data API batches migrate can send (whole files, 40 statements, 100 KB each)', () => {
    // Act
    const files = ddlFiles('redshift').map((file) => scanSql(file.sql).statements.map((statement) => statement.text));
    // Assess: a file of more than 40 statements, or a statement over 100 KB, would fail migrate at deploy time
    const batches = ddlBatches(files);
    expect(batches.flat()).toEqual(files.flat());
    expect(batches.filter((batch) => batch.length > MAX_BATCH_STATEMENTS)).toEqual([]);
    expect(files.flat().filter((text) => Buffer.byteLength(text, 'utf8') > MAX_STATEMENT_BYTES)).toEqual([]);
  });

  it("ships @sparticuz/chromium's binaries with scrape only", () => {
    const chromium = 'node_modules/@sparticuz/chromium/bin/chromium.br';
    expect(zipEntries(path.join(OUT, 'scrape.zip'))).toContain(chromium);
    expect(zipEntries(path.join(OUT, 'clean.zip'))).not.toContain(chromium);
  });
});

describe('packaged stack: ingest state machine', () => {
  it('carries the ASL file unchanged, with each Task pointing at its function through Fn::GetAtt', () => {
    // Prepare
    const [text, variables] = (props('IngestStateMachine').DefinitionString as JsonObject)['Fn::Sub'] as [string, JsonObject];
    const placeholderOf = Object.fromEntries(Object.entries(FUNCTION_LOGICAL_IDS).map(([name, id]) => [id, name]));
    // Act: put the placeholders back where the template has GetAtt parameters, undo the Fn::Sub escapes
    const restored = text
      .replace(/\$\{([0-9a-f]{32})\}/g, (_m, variable: string) => {
        const getAtt = (variables[variable] as JsonObject)['Fn::GetAtt'] as [string, string];
        expect(getAtt[1]).toBe('Arn');
        return `\${${placeholderOf[getAtt[0]] ?? `unknown:${getAtt[0]}`}}`;
      })
      .replaceAll('${!', '${');
    // Assess
    expect(JSON.parse(restored)).toEqual(readAsl());
  });

  it('resolves each placeholder to the function whose handler its name says', () => {
    for (const [placeholder, logicalId] of Object.entries(FUNCTION_LOGICAL_IDS)) {
      const step = placeholder.replace(/FunctionArn$/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
      expect([placeholder, props(logicalId).Handler]).toEqual([placeholder, `functions/${step}/handler.handler`]);
    }
  });

  it('is a STANDARD machine logging errors without execution data to its own log group', () => {
    const machine = props('IngestStateMachine');
    expect(machine.StateMachineType).toBe('STANDARD');
    expect(machine.LoggingConfiguration).toEqual({
      Level: 'ERROR',
      IncludeExecutionData: false,
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': ['IngestStateMachineLogGroup', 'Arn'] } } }],
    });
  });

  it('may invoke the five step functions and no other function', () => {
    // Prepare
    const statements = roleStatements(String(referencedId(props('IngestStateMachine').RoleArn)));
    const steps = Object.values(FUNCTION_LOGICAL_IDS);
    // Act + Assess
    for (const id of steps) expect(isAllowed(statements, 'lambda:InvokeFunction', `arn:fake:${id}.Arn`)).toBe(true);
    expect(isAllowed(statements, 'lambda:InvokeFunction', 'arn:fake:TriggerLambdaFunction.Arn')).toBe(false);
    expect(isAllowed(statements, 'lambda:InvokeFunction', 'arn:fake:ScrapeLambdaFunction.Arn')).toBe(false);
    expect(isAllowed(statements, 'lambda:InvokeFunction', 'arn:fake:MigrateLambdaFunction.Arn')).toBe(false);
  });
});

describe('packaged stack: IAM', () => {
  it('has no statement granting every action, or a whole service, on every resource', () => {
    // Act
    const offenders = allPolicyStatements(template).filter(({ statement }) => isWildcardGrant(statement));
    const starActions = allPolicyStatements(template).filter(
      ({ statement }) => statement.Effect === 'Allow' && [statement.Action].flat().includes('*'),
    );
    // Assess
    expect(offenders).toEqual([]);
    expect(starActions).toEqual([]);
  });

  it.each(FUNCTION_KEYS)('allows %s exactly the actions its step needs', (key) => {
    expect(allowedActions(roleStatements(roleIdOf(key)))).toEqual([...EXPECTED_ACTIONS[key]].sort());
  });

  it.each(FUNCTION_KEYS)('lets %s write to its own log group only', (key) => {
    // Prepare: the load statement owners share a role, so "other" is a function outside that role
    const statements = roleStatements(roleIdOf(key));
    const other = FUNCTION_KEYS.find((k) => roleIdOf(k) !== roleIdOf(key)) as FunctionKey;
    // Act + Assess
    expect(isAllowed(statements, 'logs:PutLogEvents', `arn:fake:${FUNCTIONS[key]}LogGroup.Arn`)).toBe(true);
    expect(isAllowed(statements, 'logs:PutLogEvents', `arn:fake:${FUNCTIONS[other]}LogGroup.Arn`)).toBe(false);
    expect(isAllowed(statements, 'logs:CreateLogGroup', '*')).toBe(false);
  });

  it('lets the trigger start executions of the ingest state machine only', () => {
    const statements = roleStatements(roleIdOf('trigger'));
    expect(isAllowed(statements, 'states:StartExecution', 'ref:IngestStateMachine')).toBe(true);
    expect(isAllowed(statements, 'states:StartExecution', 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:other')).toBe(false);
  });

  it('lets clean read customer exports and listings only, and write processed data', () => {
    const statements = roleStatements(roleIdOf('clean'));
    expect(isAllowed(statements, 's3:GetObject', objectArn('RawBucket', 'customers/2026/export.json.gz'))).toBe(true);
    expect(isAllowed(statements, 's3:GetObject', objectArn('LandingBucket', 'listings/source=xetot/dt=2026-11-24/r.ndjson.gz'))).toBe(true);
    expect(isAllowed(statements, 's3:GetObject', objectArn('RawBucket', 'other/x.json'))).toBe(false);
    expect(isAllowed(statements, 's3:GetObject', objectArn('ExportsBucket', 'customers/x'))).toBe(false);
    expect(isAllowed(statements, 's3:PutObject', objectArn('ProcessedBucket', 'customers/batch=b_1/part-00000.csv.gz'))).toBe(true);
    expect(isAllowed(statements, 's3:PutObject', objectArn('RawBucket', 'customers/x'))).toBe(false);
    expect(isAllowed(statements, 's3:DeleteObject', objectArn('ProcessedBucket', 'customers/x'))).toBe(false);
  });

  it('lets stage write manifests only, and run statements on this warehouse only', () => {
    const statements = roleStatements(roleIdOf('write-manifest'));
    expect(isAllowed(statements, 's3:PutObject', objectArn('ProcessedBucket', 'manifests/customers/batch=b_1.manifest'))).toBe(true);
    expect(isAllowed(statements, 's3:PutObject', objectArn('ProcessedBucket', 'customers/batch=b_1/part-00000.csv.gz'))).toBe(false);
    expect(isAllowed(statements, 'redshift-data:ExecuteStatement', 'arn:fake:WarehouseWorkgroup.Workgroup.WorkgroupArn')).toBe(true);
    expect(isAllowed(statements, 'redshift-data:ExecuteStatement', 'arn:aws:redshift-serverless:ap-southeast-1:123456789012:workgroup/other')).toBe(false);
  });

  it.each(['load', 'statement-status', 'fail-batch', 'migrate'] as const)('lets %s use the Data API on this warehouse only', (key) => {
    const statements = roleStatements(roleIdOf(key));
    expect(isAllowed(statements, 'redshift-data:BatchExecuteStatement', 'arn:fake:WarehouseWorkgroup.Workgroup.WorkgroupArn')).toBe(true);
    expect(isAllowed(statements, 'redshift-data:BatchExecuteStatement', 'arn:aws:redshift-serverless:ap-southeast-1:123456789012:workgroup/other')).toBe(false);
    expect(isAllowed(statements, 'redshift-data:DescribeStatement', '*')).toBe(true);
    expect(isAllowed(statements, 's3:GetObject', objectArn('ProcessedBucket', 'customers/x'))).toBe(false);
  });

  it('lets migrate alone, of every role in the stack, read the warehouse admin secret, and no other secret', () => {
    for (const [roleId] of resourcesOfType(template, 'AWS::IAM::Role')) {
      const statements = roleStatements(roleId);
      expect([roleId, isAllowed(statements, 'secretsmanager:GetSecretValue', 'ref:WarehouseAdminSecret')]).toEqual([roleId, roleId === 'MigrateFunctionRole']);
      expect([roleId, isAllowed(statements, 'secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:x')]).toEqual([roleId, false]);
    }
  });

  it('lets the other warehouse functions sign in only as themselves: IAMR:<role> on this workgroup, its database roles tagged', () => {
    for (const key of WAREHOUSE_KEYS.filter((k) => k !== 'migrate' && k !== 'clean')) {
      // Prepare
      const roleId = roleIdOf(key);
      const statements = roleStatements(roleId);
      const tags = (props(roleId).Tags as JsonObject[] | undefined) ?? [];
      // Assess
      expect([key, isAllowed(statements, 'redshift-serverless:GetCredentials', 'arn:fake:WarehouseWorkgroup.Workgroup.WorkgroupArn')]).toEqual([key, true]);
      expect([key, isAllowed(statements, 'redshift-serverless:GetCredentials', 'arn:aws:redshift-serverless:ap-southeast-1:123456789012:workgroup/other')]).toEqual([key, false]);
      expect([key, tags]).toEqual([key, [{ Key: 'RedshiftDbRoles', Value: DATABASE_ROLES[roleId as keyof typeof DATABASE_ROLES] }]]);
    }
  });

  it("creates, in migrate's DDL, every database role an IAM role is tagged with, and grants it no DDL", () => {
    // Prepare: the grants run inside a procedure (Redshift has no CREATE ROLE IF NOT EXISTS) that the file calls
    const grants = ddlFiles('redshift')
      .map((file) => file.sql)
      .join('\n')
      .toLowerCase();
    const statements = grants.split(';').map((statement) => statement.replace(/--[^\n]*/g, '').replace(/\s+/g, ' ').trim());
    expect(statements).toContain('call ops.xecu_grant_access()');
    const tagged = resourcesOfType(template, 'AWS::IAM::Role').flatMap(([, role]) =>
      ((role.Properties?.Tags as JsonObject[] | undefined) ?? []).filter((tag) => tag.Key === 'RedshiftDbRoles').flatMap((tag) => String(tag.Value).split(':')),
    );
    expect(tagged).toEqual(expect.arrayContaining(Object.values(DATABASE_ROLES)));
    for (const role of new Set(tagged)) {
      // Act
      const toRole = statements.filter((statement) => statement.startsWith('grant ') && statement.endsWith(` to role ${role}`));
      const privileges = toRole.map((statement) => statement.slice('grant '.length, statement.indexOf(' on ')));
      // Assess: created when missing, given usage and table privileges, never CREATE / ALL / ownership-like rights
      expect([role, grants.includes(`select '${role}'`) || grants.includes(`execute 'create role ${role}'`)]).toEqual([role, true]);
      expect([role, toRole.length > 0]).toEqual([role, true]);
      expect([role, privileges.filter((p) => /\b(create|all|alter|drop|truncate|references)\b/.test(p))]).toEqual([role, []]);
    }
  });

  it('lets Describe/GetStatementResult/Cancel reach only statements their own identity submitted, in every policy', () => {
    // Prepare
    const follow = ['redshift-data:describestatement', 'redshift-data:getstatementresult', 'redshift-data:cancelstatement', 'redshift-data:liststatements'];
    const loadOwner = 'arn:fake:LoadFunctionRole.RoleId:*';
    // Act: every Allow reaching one of these actions, in any policy document of the template (all Fn::If branches)
    const grants = allPolicyStatements(template)
      .map(({ path: where, statement }) => ({ where, statement: resolved(statement) as JsonObject }))
      .filter(({ statement }) => statement.Effect === 'Allow' && [statement.Action].flat().some((a) => follow.some((f) => wildcardMatch(String(a), f, true))));
    // (a statement appears once per Fn::If variant of its document)
    const owners = [...new Set(grants.map(({ where, statement }) => JSON.stringify([where.split('/')[1], JSON.stringify(statement.Condition ?? {})])))].map(
      (pair) => JSON.parse(pair) as [string, string],
    );
    const ownSession = JSON.stringify({ StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' } });
    const loadRoleSessions = JSON.stringify({ StringLike: { 'redshift-data:statement-owner-iam-userid': loadOwner } });
    /** The roles a policy document belongs to: the role itself (inline), or the roles a managed policy names. */
    const holders = (id: string): string[] =>
      resource(id).Type === 'AWS::IAM::Role' ? [id] : ((props(id).Roles as Json[] | undefined) ?? []).map((role) => String(referencedId(role)));
    const sessionsOfHolder = (id: string): string[] =>
      holders(id).map((role) => JSON.stringify({ StringLike: { 'redshift-data:statement-owner-iam-userid': `arn:fake:${role}.RoleId:*` } }));
    // Assess: every policy (new ones too) admits its own session, or any session of the one role it belongs to
    expect(owners.filter(([where, condition]) => condition !== ownSession && !(holders(where).length === 1 && sessionsOfHolder(where).includes(condition)))).toEqual([]);
    expect(owners).toEqual(
      expect.arrayContaining([
        ['LoadWarehousePolicy', loadRoleSessions],
        ['MigrateWarehousePolicy', ownSession],
        ['WriteManifestWarehousePolicy', ownSession],
      ]),
    );
    expect(LOAD_STATEMENT_OWNERS.map(roleIdOf)).toEqual(['LoadFunctionRole', 'LoadFunctionRole', 'LoadFunctionRole']);
  });

  it('lets scrape put listing files under landing/listings/, and not read them back', () => {
    const statements = roleStatements(roleIdOf('scrape'));
    const listingKey = objectArn('LandingBucket', 'listings/source=xetot/dt=2026-11-24/run-1.ndjson.gz');
    expect(isAllowed(statements, 's3:PutObject', listingKey)).toBe(true);
    expect(isAllowed(statements, 's3:GetObject', listingKey)).toBe(false);
    expect(isAllowed(statements, 's3:PutObject', objectArn('LandingBucket', 'customers/x.json'))).toBe(false);
  });

  it('lets the on-prem uploader put listing files (multipart included) under landing/listings/ and nothing else', () => {
    // Prepare
    const user = props('UploaderUser');
    const attached = (user.ManagedPolicyArns as Json[]).map(referencedId);
    const statements = attached.flatMap((id) => statementsOf(resolved(props(String(id)).PolicyDocument)));
    const listingKey = objectArn('LandingBucket', 'listings/source=chotot/dt=2026-11-24/run-1.ndjson.gz');
    // Assess: the user has no other way to get permissions
    expect(user.Policies).toBeUndefined();
    expect(user.Groups).toBeUndefined();
    expect(attached).toEqual(['UploaderPolicy']);
    for (const action of ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts']) {
      expect(isAllowed(statements, action, listingKey)).toBe(true);
    }
    expect(isAllowed(statements, 's3:PutObject', objectArn('LandingBucket', 'customers/x.json'))).toBe(false);
    expect(isAllowed(statements, 's3:PutObject', objectArn('LandingBucket', 'listings-other/x.ndjson.gz'))).toBe(false);
    expect(isAllowed(statements, 's3:PutObject', objectArn('LandingBucket', 'x.ndjson.gz'))).toBe(false);
    expect(isAllowed(statements, 's3:PutObject', objectArn('RawBucket', 'listings/x.ndjson.gz'))).toBe(false);
    expect(isAllowed(statements, 's3:PutObject', objectArn('ProcessedBucket', 'listings/x.ndjson.gz'))).toBe(false);
    expect(isAllowed(statements, 's3:GetObject', listingKey)).toBe(false);
    expect(isAllowed(statements, 's3:DeleteObject', listingKey)).toBe(false);
    expect(isAllowed(statements, 's3:ListBucket', `arn:aws:s3:::${bucketName('LandingBucket')}`)).toBe(false);
  });

  it('lets Redshift COPY read the processed bucket only, through the role attached to the namespace', () => {
    // Prepare
    const copyRole = props('RedshiftCopyRole');
    const statements = roleStatements('RedshiftCopyRole');
    const trusted = statementsOf(resolved(copyRole.AssumeRolePolicyDocument)).flatMap((s) => [((s as unknown as JsonObject).Principal as JsonObject).Service]).flat();
    // Assess
    expect(trusted.sort()).toEqual(['redshift-serverless.amazonaws.com', 'redshift.amazonaws.com']);
    expect(isAllowed(statements, 's3:GetObject', objectArn('ProcessedBucket', 'manifests/customers/batch=b_1.manifest'))).toBe(true);
    expect(isAllowed(statements, 's3:ListBucket', `arn:aws:s3:::${bucketName('ProcessedBucket')}`)).toBe(true);
    expect(isAllowed(statements, 's3:GetObject', objectArn('RawBucket', 'customers/x'))).toBe(false);
    expect(isAllowed(statements, 's3:PutObject', objectArn('ProcessedBucket', 'x'))).toBe(false);
    expect(props('WarehouseNamespace').IamRoles).toEqual([{ 'Fn::GetAtt': ['RedshiftCopyRole', 'Arn'] }]);
  });

  it('lets Redshift COPY read the data prefixes of processed only: customers/, listings/, manifests/, never rejects/ or stats/', () => {
    // Prepare
    const statements = roleStatements('RedshiftCopyRole');
    const list = statements.filter((s) => [s.Action].flat().includes('s3:ListBucket'));
    // Act + Assess
    for (const key of ['customers/batch=b_1/part-00000.csv.gz', 'listings/batch=b_2/part-00000.csv.gz', 'manifests/listings/batch=b_2.manifest']) {
      expect([key, isAllowed(statements, 's3:GetObject', objectArn('ProcessedBucket', key))]).toEqual([key, true]);
    }
    for (const key of ['rejects/customers/batch=b_1.ndjson.gz', 'stats/customers/batch=b_1.json', 'other.csv']) {
      expect([key, isAllowed(statements, 's3:GetObject', objectArn('ProcessedBucket', key))]).toEqual([key, false]);
    }
    // Listing is limited to the same prefixes (the evaluator ignores conditions, so check the condition itself)
    expect(list.map((s) => s.Condition)).toEqual([{ StringLike: { 's3:prefix': ['customers/*', 'listings/*', 'manifests/*'] } }]);
  });

  it('lets a provisioned cluster\'s functions get credentials only for their own database user (DbUser)', () => {
    // Prepare: the same template as a stage pointing at an existing cluster would deploy it
    const cluster = withParameters({ CreateWarehouse: 'false', RedshiftClusterIdentifier: 'xecu-prod' });
    const dbUserArn = (user: string) => `arn:aws:redshift:ap-southeast-1:123456789012:dbuser:xecu-prod/${user}`;
    const dbNameArn = 'arn:aws:redshift:ap-southeast-1:123456789012:dbname:xecu-prod/xecu';
    const expected = {
      'write-manifest': 'xecu_manifest_user',
      load: 'xecu_load_user',
      'statement-status': 'xecu_load_user',
      'fail-batch': 'xecu_load_user',
      'wait-for-loads': 'xecu_marts_user',
      'refresh-marts': 'xecu_marts_user',
      match: 'xecu_match_user',
      export: 'xecu_read_user',
    } as const;
    for (const [key, user] of Object.entries(expected) as [FunctionKey, string][]) {
      // Act
      const statements = roleStatements(roleIdOf(key), cluster);
      const env = cluster.resolve((functionResource(key).Properties?.Environment as JsonObject).Variables as Json) as JsonObject;
      // Assess
      expect([key, env.REDSHIFT_DB_USER, env.REDSHIFT_SECRET_ARN]).toEqual([key, user, undefined]);
      expect([key, isAllowed(statements, 'redshift:GetClusterCredentials', dbUserArn(user))]).toEqual([key, true]);
      expect([key, isAllowed(statements, 'redshift:GetClusterCredentials', dbNameArn)]).toEqual([key, true]);
      for (const other of ['xecu_manifest_user', 'xecu_load_user', 'xecu_marts_user', 'xecu_read_user', 'xecu_match_user', 'xecu_admin', 'awsuser'].filter((u) => u !== user)) {
        expect([key, other, isAllowed(statements, 'redshift:GetClusterCredentials', dbUserArn(other))]).toEqual([key, other, false]);
      }
      expect([key, isAllowed(statements, 'redshift:GetClusterCredentialsWithIAM', dbNameArn)]).toEqual([key, false]);
      expect([key, isAllowed(statements, 'redshift:CreateClusterUser', '*')]).toEqual([key, false]);
    }
  });

  it('trusts Redshift with the COPY role for this account only (aws:SourceAccount)', () => {
    const trust = statementsOf(resolved(props('RedshiftCopyRole').AssumeRolePolicyDocument));
    expect(trust.map((s) => [s.Effect, s.Condition])).toEqual([['Allow', { StringEquals: { 'aws:SourceAccount': '123456789012' } }]]);
  });
});

describe('packaged stack: buckets', () => {
  const buckets = () => resourcesOfType(template, 'AWS::S3::Bucket');

  it('blocks public access on every bucket, all four settings', () => {
    expect(buckets().length).toBeGreaterThanOrEqual(6);
    for (const [id, bucket] of buckets()) {
      expect([id, bucket.Properties?.PublicAccessBlockConfiguration]).toEqual([
        id,
        { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      ]);
      expect([id, isObject(bucket.Properties?.BucketEncryption)]).toEqual([id, true]);
    }
  });

  it('denies every request without TLS on every bucket, objects included', () => {
    const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy');
    for (const [id] of buckets()) {
      // Prepare
      const policy = policies.find(([, p]) => referencedId(p.Properties?.Bucket) === id);
      expect([id, policy !== undefined]).toEqual([id, true]);
      const statements = statementsOf(resolved(policy?.[1].Properties?.PolicyDocument));
      const arn = `arn:aws:s3:::${bucketName(id)}`;
      // Act
      const tlsDeny = statements.find(
        (s) =>
          s.Effect === 'Deny' &&
          String((s.Condition?.Bool as JsonObject | undefined)?.['aws:SecureTransport']) === 'false' &&
          [s.Action].flat().some((a) => a === 's3:*' || a === '*') &&
          [s.Resource].flat().includes(arn) &&
          [s.Resource].flat().includes(`${arn}/*`),
      );
      // Assess
      expect([id, tlsDeny?.Effect]).toEqual([id, 'Deny']);
      expect([id, JSON.stringify((tlsDeny as unknown as JsonObject).Principal)]).toEqual([id, '"*"']);
    }
  });

  it('versions raw and landing, and sends their events to EventBridge', () => {
    for (const id of ['RawBucket', 'LandingBucket']) {
      expect(props(id).VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(props(id).NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    }
  });

  it('expires processed data after 90 days, rejects after 180, and aborts stale multipart uploads', () => {
    const rules = (props('ProcessedBucket').LifecycleConfiguration as JsonObject).Rules as JsonObject[];
    const byPrefix = (prefix: string) => rules.find((r) => r.Prefix === prefix)?.ExpirationInDays;
    expect([byPrefix('customers/'), byPrefix('listings/'), byPrefix('rejects/')]).toEqual([90, 90, 180]);
    expect(rules.some((r) => (r.AbortIncompleteMultipartUpload as JsonObject | undefined)?.DaysAfterInitiation === 7)).toBe(true);
    expect(isObject(props('LandingBucket').LifecycleConfiguration)).toBe(true);
  });

  const DATA_BUCKETS = ['RawBucket', 'LandingBucket', 'ProcessedBucket', 'ExportsBucket'];
  const encryptionOf = (id: string, using: TemplateResolver = resolver): JsonObject =>
    (((using.resolve(props(id).BucketEncryption ?? null) as JsonObject).ServerSideEncryptionConfiguration as JsonObject[])[0] ?? {}) as JsonObject;

  it('encrypts the four data buckets with the data key, a customer-managed key that rotates', () => {
    // Prepare
    const key = resource('DataKey');
    // Assess
    for (const id of DATA_BUCKETS) {
      expect([id, encryptionOf(id)]).toEqual([id, { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: DATA_KEY_ARN }, BucketKeyEnabled: true }]);
    }
    expect([key.Type, key.Condition, resolver.condition('CreateDataKey')]).toEqual(['AWS::KMS::Key', 'CreateDataKey', true]);
    expect(key.Properties).toMatchObject({ EnableKeyRotation: true, KeySpec: 'SYMMETRIC_DEFAULT' });
    expect(resolved(props('WarehouseNamespace').KmsKeyId)).toBe(DATA_KEY_ARN);
  });

  it("uses the stage's existing key instead of creating one when dataKmsKeyArn is set", () => {
    // Prepare
    const existing = 'arn:aws:kms:ap-southeast-1:123456789012:key/0b2f8a64-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
    const stage = withParameters({ DataKmsKeyArn: existing });
    // Assess
    expect(stage.condition('CreateDataKey')).toBe(false);
    for (const id of DATA_BUCKETS) {
      expect([id, (encryptionOf(id, stage).ServerSideEncryptionByDefault as JsonObject).KMSMasterKeyID]).toEqual([id, existing]);
    }
    expect(stage.resolve(props('WarehouseNamespace').KmsKeyId ?? null)).toBe(existing);
    expect(isAllowed(roleStatements('RedshiftCopyRole', stage), 'kms:Decrypt', existing)).toBe(true);
    expect(isAllowed(roleStatements(roleIdOf('clean'), stage), 'kms:GenerateDataKey', existing)).toBe(true);
  });

  it('lets roles use the data key only through S3, and only the key itself', () => {
    // Act: every Allow of a kms: action in any identity policy (the key policy itself is not among them)
    const grants = allPolicyStatements(template)
      .map(({ path: where, statement }) => ({ where, statement: resolved(statement) as JsonObject }))
      .filter(({ statement }) => statement.Effect === 'Allow' && [statement.Action].flat().some((a) => String(a).toLowerCase().startsWith('kms:')));
    // Assess
    expect(grants.length).toBeGreaterThanOrEqual(6);
    for (const { where, statement } of grants) {
      // '' is the other Fn::If branch: the stage's dataKmsKeyArn, empty in ci (checked with a key in the test above)
      expect([where, [DATA_KEY_ARN, ''].includes(String(statement.Resource)), statement.Condition]).toEqual([where, true, S3_VIA]);
      expect([where, [statement.Action].flat().filter((a) => !['kms:Decrypt', 'kms:GenerateDataKey'].includes(String(a)))]).toEqual([where, []]);
    }
  });

  it('lets the functions that never touch S3 objects not use the data key at all', () => {
    for (const key of ['trigger', 'load', 'statement-status', 'fail-batch', 'migrate', 'wait-for-loads', 'refresh-marts', 'match'] as const) {
      expect([key, isAllowed(roleStatements(roleIdOf(key)), 'kms:Decrypt', DATA_KEY_ARN)]).toEqual([key, false]);
    }
  });

  it('names buckets by service, stage, account and region', () => {
    expect(bucketName('RawBucket')).toBe('xecu-ci-raw-123456789012-ap-southeast-1');
  });
});

describe('packaged stack: triggering', () => {
  const rulePatterns = () =>
    resourcesOfType(template, 'AWS::Events::Rule')
      .filter(([, rule]) => ((rule.Properties?.Targets as JsonObject[]) ?? []).some((t) => referencedId(t.Arn) === 'TriggerLambdaFunction'))
      .map(([, rule]) => resolved(rule.Properties?.EventPattern) as JsonObject);

  it('starts the trigger for customer exports in raw and listings in landing, and nothing else', () => {
    // Act
    const patterns = rulePatterns().map((p) => {
      const detail = p.detail as { bucket: { name: string[] }; object: { key: { prefix: string }[] } };
      return { source: p.source, type: p['detail-type'], bucket: detail.bucket.name, key: detail.object.key };
    });
    // Assess
    expect(patterns).toEqual([
      { source: ['aws.s3'], type: ['Object Created'], bucket: [bucketName('RawBucket')], key: [{ prefix: 'customers/' }] },
      { source: ['aws.s3'], type: ['Object Created'], bucket: [bucketName('LandingBucket')], key: [{ prefix: 'listings/' }] },
    ]);
  });

  it('sends an event the trigger failed on to the dead-letter queue after Lambda retried it twice', () => {
    // Act
    const configs = resourcesOfType(template, 'AWS::Lambda::EventInvokeConfig').filter(([, c]) => referencedId(c.Properties?.FunctionName) === 'TriggerLambdaFunction');
    // Assess
    expect(configs).toHaveLength(1);
    const config = configs[0]?.[1].Properties as JsonObject;
    expect(referencedId((config.DestinationConfig as { OnFailure: { Destination: Json } }).OnFailure.Destination)).toBe('TriggerDeadLetterQueue');
    expect(config.MaximumRetryAttempts).toBe(2);
    expect(props('TriggerDeadLetterQueue').MessageRetentionPeriod).toBe(1209600);
  });

  it('dead-letters the events each trigger rule could not deliver, and only those rules may write to the queue', () => {
    // Prepare
    const rules = resourcesOfType(template, 'AWS::Events::Rule').filter(([, rule]) =>
      ((rule.Properties?.Targets as JsonObject[]) ?? []).some((target) => referencedId(target.Arn) === 'TriggerLambdaFunction'),
    );
    const statements = (props('TriggerDeadLetterQueuePolicy').PolicyDocument as { Statement: JsonObject[] }).Statement;
    const fromEvents = statements.filter((s) => s.Effect === 'Allow');
    // Act
    const sourceArn = resolved((fromEvents[0]?.Condition as { ArnLike: { 'aws:SourceArn': Json } }).ArnLike['aws:SourceArn']) as string;
    // Assess
    expect(rules).toHaveLength(2);
    for (const [, rule] of rules) {
      const targets = rule.Properties?.Targets as { DeadLetterConfig?: { Arn: Json } }[];
      expect(targets.map((target) => referencedId(target.DeadLetterConfig?.Arn))).toEqual(['TriggerDeadLetterQueue']);
      expect(wildcardMatch(sourceArn, `arn:aws:events:ap-southeast-1:123456789012:rule/${String(rule.Properties?.Name)}`)).toBe(true);
    }
    expect(fromEvents.map((s) => [s.Principal, s.Action])).toEqual([[{ Service: 'events.amazonaws.com' }, 'sqs:SendMessage']]);
    expect(wildcardMatch(sourceArn, 'arn:aws:events:ap-southeast-1:123456789012:rule/someone-elses-rule')).toBe(false);
  });

  it('alarms on the first message in the trigger dead-letter queue', () => {
    // Act
    const alarm = resourcesOfType(template, 'AWS::CloudWatch::Alarm')
      .map(([, a]) => a.Properties as JsonObject)
      .find((a) => a.Namespace === 'AWS/SQS' && (a.Dimensions as JsonObject[]).some((d) => referencedId(d.Value) === 'TriggerDeadLetterQueue'));
    // Assess
    expect(alarm).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    expect((alarm?.AlarmActions as Json[]).map(referencedId)).toEqual(['AlarmTopic']);
  });
});

describe('packaged stack: warehouse', () => {
  it('creates a Redshift Serverless namespace and workgroup under a condition, with no literal password', () => {
    const namespace = resource('WarehouseNamespace');
    expect([namespace.Condition, resource('WarehouseWorkgroup').Condition]).toEqual(['CreateWarehouse', 'CreateWarehouse']);
    expect(resolver.condition('CreateWarehouse')).toBe(true);
    expect(String(resolved(namespace.Properties?.AdminUserPassword))).toMatch(/^\{\{resolve:secretsmanager:ref:WarehouseAdminSecret:SecretString:password\}\}$/);
    expect(props('WarehouseWorkgroup').PubliclyAccessible).toBe(false);
  });
});

describe('packaged stack: monitoring and audit', () => {
  const alarms = () => resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});
  const alarmFor = (metric: string, dimension: string, target: string) =>
    alarms().find(
      (a) =>
        a.MetricName === metric &&
        (a.Dimensions as JsonObject[]).some((d) => d.Name === dimension && referencedId(d.Value) === target) &&
        (a.AlarmActions as Json[]).some((action) => referencedId(action) === 'AlarmTopic'),
    );

  it('alarms to the SNS topic on failed and timed-out ingest executions', () => {
    expect(alarmFor('ExecutionsFailed', 'StateMachineArn', 'IngestStateMachine')).toBeDefined();
    expect(alarmFor('ExecutionsTimedOut', 'StateMachineArn', 'IngestStateMachine')).toBeDefined();
  });

  it.each(FUNCTION_KEYS)('alarms on %s errors and throttles', (key) => {
    expect(alarmFor('Errors', 'FunctionName', `${FUNCTIONS[key]}LambdaFunction`)).toBeDefined();
    expect(alarmFor('Throttles', 'FunctionName', `${FUNCTIONS[key]}LambdaFunction`)).toBeDefined();
  });

  it('subscribes an email only when the stage sets alarmEmail', () => {
    expect(resource('AlarmEmailSubscription').Condition).toBe('HasAlarmEmail');
    expect(resolver.condition('HasAlarmEmail')).toBe(false);
  });

  it('trails every region with log file validation and object events of every bucket holding personal data', () => {
    // Prepare
    const [[, trail]] = resourcesOfType(template, 'AWS::CloudTrail::Trail') as [[string, CfnResource]];
    const trailProps = resolved(trail.Properties) as JsonObject;
    const selectors = trailProps.EventSelectors as { ReadWriteType: string; DataResources: { Type: string; Values: string[] }[] }[];
    // Assess
    expect(trailProps).toMatchObject({ IsMultiRegionTrail: true, EnableLogFileValidation: true, IsLogging: true });
    expect(referencedId(trail.Properties?.S3BucketName)).toBe('AuditBucket');
    expect(selectors.flatMap((s) => s.DataResources.flatMap((d) => d.Values)).sort()).toEqual(
      ['RawBucket', 'LandingBucket', 'ProcessedBucket', 'ExportsBucket'].map((id) => `arn:aws:s3:::${bucketName(id)}/`).sort(),
    );
    expect(selectors.map((s) => s.ReadWriteType)).toEqual(['All']);
  });

  it('lets only CloudTrail write into the audit bucket, under AWSLogs/<account>/', () => {
    const policy = resourcesOfType(template, 'AWS::S3::BucketPolicy').find(([, p]) => referencedId(p.Properties?.Bucket) === 'AuditBucket');
    const statements = statementsOf(resolved(policy?.[1].Properties?.PolicyDocument));
    const writes = statements.filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('s3:PutObject'));
    expect(writes.map((s) => [(s as unknown as JsonObject).Principal, s.Resource])).toEqual([
      [{ Service: 'cloudtrail.amazonaws.com' }, `arn:aws:s3:::${bucketName('AuditBucket')}/AWSLogs/123456789012/*`],
    ]);
  });
});
