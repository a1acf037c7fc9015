import type { ObjectStore } from '../../shared/ports/object-store';
import type { Executions } from '../../shared/ports/executions';
import type { Log } from '../../shared/ports/log';
import { trigger } from '../../shared/steps/trigger';
import { LOCAL_BUCKETS } from '../runtime/local-environment';
import { LocalExecutions } from '../runtime/local-executions';
import { SfnApiError } from './aws-json-errors';
import type { LocalStepFunctions } from './local-step-functions';

/** Where uploads land offline, as the two event rules of AWS watch them. */
const WATCHED = [
  { bucket: LOCAL_BUCKETS.landing, prefix: 'listings/' },
  { bucket: LOCAL_BUCKETS.raw, prefix: 'customers/' },
] as const;

/**
 * The Executions port over the local Step Functions: what the trigger Lambda's SfnExecutions is on AWS. A batch
 * `xecu run` already ingested in this home (its execution file) counts as started, so the server does not load it
 * again.
 */
export class ServerExecutions implements Executions {
  private readonly runFiles: LocalExecutions;

  constructor(
    private readonly stepFunctions: LocalStepFunctions,
    home: string,
  ) {
    this.runFiles = new LocalExecutions(home, () => Promise.reject(new Error('the sfn-server never runs executions through xecu run')));
  }

  async start(request: { stateMachineArn: string; name: string; input: unknown }): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    const executionArn = `${request.stateMachineArn.replace(':stateMachine:', ':execution:')}:${request.name}`;
    if (this.runFiles.previous(request.name)) return { executionArn, alreadyStarted: true };
    try {
      const started = this.stepFunctions.start({ stateMachineArn: request.stateMachineArn, name: request.name, input: JSON.stringify(request.input) });
      return { executionArn: started.record.executionArn, alreadyStarted: started.alreadyStarted };
    } catch (error) {
      // A name in use is "this object version is already being (or was) ingested": the trigger's idempotency.
      if (error instanceof SfnApiError && error.code === 'ExecutionAlreadyExists') return { executionArn, alreadyStarted: true };
      throw error;
    }
  }
}

/**
 * EventBridge offline: finds objects that appeared in the landing (listings/) and raw (customers/) buckets —
 * `xecu scrape --upload file://<home>/s3` writes them complete, by rename — and sends each one's ObjectCreated
 * event through the trigger step, which starts the ingest machine with the batch id as the execution name.
 * Scans every `intervalMs`, and on demand before a report starts (so a report never misses an upload that had
 * finished before it: the ingest is queued ahead of it).
 */
export class LandingWatcher {
  private readonly seen = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<number> | null = null;

  constructor(
    private readonly objectStore: ObjectStore,
    private readonly executions: Executions,
    private readonly ingestArn: string,
    private readonly log: Log,
  ) {}

  start(intervalMs: number): void {
    const tick = () => {
      this.scan()
        .catch((error: unknown) => this.log.error('landing scan failed', { error: (error as Error).message }))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One pass (joins a pass under way); returns how many new objects it sent to the trigger. */
  scan(): Promise<number> {
    this.scanning ??= this.scanOnce().finally(() => {
      this.scanning = null;
    });
    return this.scanning;
  }

  private async scanOnce(): Promise<number> {
    let sent = 0;
    for (const { bucket, prefix } of WATCHED) {
      for await (const object of this.objectStore.list(bucket, prefix)) {
        const id = `${bucket}\n${object.key}\n${object.etag ?? ''}`;
        if (this.seen.has(id)) continue;
        const event = {
          Records: [
            {
              eventName: 'ObjectCreated:Put',
              s3: {
                bucket: { name: bucket },
                object: { key: encodeURIComponent(object.key).replace(/%2F/g, '/'), size: object.size, ...(object.etag ? { eTag: object.etag } : {}) },
              },
            },
          ],
        };
        const result = await trigger(event, { executions: this.executions, stateMachineArn: this.ingestArn, log: this.log });
        this.seen.add(id);
        sent += result.started.filter((started) => !started.alreadyStarted).length;
      }
    }
    return sent;
  }
}
