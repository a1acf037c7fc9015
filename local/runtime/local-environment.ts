import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { FilesystemObjectStore } from '../../shared/adapters/filesystem/filesystem-object-store';
import { PostgresWarehouse } from '../../shared/adapters/postgres/postgres-warehouse';
import type { Log } from '../../shared/ports/log';
import type { IngestDependencies } from '../../shared/steps/tasks';
import { lockHome } from './home-lock';

/** Offline bucket names: the same bucket/key layout as AWS, as folders under the object store root. */
export const LOCAL_BUCKETS = {
  raw: 'xecu-local-raw',
  processed: 'xecu-local-processed',
  landing: 'xecu-local-landing',
  exports: 'xecu-local-exports',
} as const;

export interface LocalEnvironmentOptions {
  /** Everything offline lives here: objects in `s3/`, the embedded database in `pgdata/`. Default: XECU_HOME or ./.xecu */
  home?: string;
  /** A PostgreSQL server instead of the embedded PGlite. Default: DATABASE_URL. */
  databaseUrl?: string;
  log: Log;
}

export interface LocalEnvironment {
  home: string;
  objectStore: FilesystemObjectStore;
  warehouse: PostgresWarehouse;
  deps: IngestDependencies;
  warehouseLabel: string;
  close(): Promise<void>;
}

export function defaultHome(): string {
  return path.resolve(process.env.XECU_HOME ?? '.xecu');
}

/** The offline runtime's parts: filesystem object store + PostgreSQL warehouse (PGlite on disk by default), migrated. */
export async function openLocalEnvironment(options: LocalEnvironmentOptions): Promise<LocalEnvironment> {
  const home = path.resolve(options.home ?? defaultHome());
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  mkdirSync(path.join(home, 's3'), { recursive: true });
  mkdirSync(path.join(home, 'tmp'), { recursive: true });
  const objectStore = new FilesystemObjectStore(path.join(home, 's3'));
  const dataDir = path.join(home, 'pgdata');
  // The embedded database is a directory one process may open; a server (DATABASE_URL) takes many clients.
  const release = databaseUrl ? () => undefined : lockHome(path.join(home, 'pgdata.lock'));
  const warehouse = new PostgresWarehouse(databaseUrl ? { objectStore, databaseUrl } : { objectStore, dataDir });
  try {
    await warehouse.migrate();
  } catch (error) {
    release();
    throw error;
  }
  const warehouseLabel = databaseUrl ? `PostgreSQL ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}` : `PGlite ${dataDir}`;
  return {
    home,
    objectStore,
    warehouse,
    warehouseLabel,
    deps: { objectStore, warehouse, processedBucket: LOCAL_BUCKETS.processed, log: options.log, tmpDir: path.join(home, 'tmp') },
    close: async () => {
      try {
        await warehouse.close();
      } finally {
        release();
      }
    },
  };
}
