import type { Executions } from '../../../shared/ports/executions';
import { batchIdFor, trigger } from '../../../shared/steps/trigger';

class RecordingExecutions implements Executions {
  readonly names = new Set<string>();
  readonly inputs: unknown[] = [];
  async start(request: { stateMachineArn: string; name: string; input: unknown }) {
    const alreadyStarted = this.names.has(request.name);
    this.names.add(request.name);
    if (!alreadyStarted) this.inputs.push(request.input);
    return { executionArn: `${request.stateMachineArn}:${request.name}`, alreadyStarted };
  }
}

const ARN = 'arn:aws:states:ap-southeast-1:123456789012:stateMachine:xecu-dev-ingest';

function s3Event(key: string, eTag = 'abc123') {
  return { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'raw' }, object: { key, size: 10, eTag } } }] };
}

describe('trigger', () => {
  it('starts one execution per created object, named after a batch id derived from bucket, key and ETag', async () => {
    const executions = new RecordingExecutions();
    const result = await trigger(s3Event('customers/export+2026-11-24.json'), { executions, stateMachineArn: ARN });
    expect(result.started).toHaveLength(1);
    expect(result.started[0]?.batchId).toMatch(/^b_[0-9a-f]{32}$/);
    expect(executions.inputs[0]).toEqual({
      batchId: result.started[0]?.batchId,
      kind: 'customers',
      source: { bucket: 'raw', key: 'customers/export 2026-11-24.json', etag: 'abc123', size: 10 },
    });
  });

  it('does not start a re-delivered event twice, and starts a new version of the same key', async () => {
    const executions = new RecordingExecutions();
    await trigger(s3Event('customers/a.json'), { executions, stateMachineArn: ARN });
    const again = await trigger(s3Event('customers/a.json'), { executions, stateMachineArn: ARN });
    const newVersion = await trigger(s3Event('customers/a.json', 'def456'), { executions, stateMachineArn: ARN });
    expect(again.started[0]?.alreadyStarted).toBe(true);
    expect(newVersion.started[0]?.alreadyStarted).toBe(false);
    expect(executions.inputs).toHaveLength(2);
  });

  it('reads EventBridge "Object Created" events and routes listings by prefix', async () => {
    const executions = new RecordingExecutions();
    const event = {
      'detail-type': 'Object Created',
      source: 'aws.s3',
      detail: { bucket: { name: 'landing' }, object: { key: 'listings/source=chotot/dt=2026-11-24/run-1.ndjson.gz', size: 5, etag: 'e1', 'version-id': 'v1' } },
    } as const;
    const result = await trigger(event, { executions, stateMachineArn: ARN });
    expect(executions.inputs[0]).toMatchObject({ kind: 'listings', source: { versionId: 'v1' } });
    expect(result.started[0]?.batchId).toBe(batchIdFor({ bucket: 'landing', key: 'listings/source=chotot/dt=2026-11-24/run-1.ndjson.gz', versionId: 'v1' }));
  });

  it('skips keys outside customers/ and listings/ and says why', async () => {
    const executions = new RecordingExecutions();
    const result = await trigger(s3Event('tmp/notes.txt'), { executions, stateMachineArn: ARN });
    expect(result.started).toEqual([]);
    expect(result.skipped).toEqual([{ key: 'tmp/notes.txt', reason: 'not under customers/ or listings/' }]);
  });
});
