import { MAX_BATCH_STATEMENTS } from '../../../shared/adapters/redshift-data/redshift-data-warehouse';
import type { IngestState } from '../../../shared/contracts/batch';
import { loadSql, scanSql } from '../../../shared/sql';
import { loadStatements } from '../../../shared/steps/load';

const MERGE = loadSql('core/merge_customer_vehicles');

/** The SET list of the MERGE's WHEN MATCHED branch, comments removed. */
function matchedSetList(sql: string): string {
  const code = sql.replace(/--[^\n]*/g, '');
  const start = code.indexOf('when matched then update set');
  const end = code.indexOf('when not matched then insert');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return code.slice(start + 'when matched then update set'.length, end);
}

describe('core/merge_customer_vehicles.sql', () => {
  it('decides which source wins once, as flags of its temp table: every CASE in the MERGE tests a flag only', () => {
    // Act
    const conditions = [...matchedSetList(MERGE).matchAll(/\bwhen\s+(.+?)\s+then\b/gs)].map((match) => match[1]?.replace(/\s+/g, ' '));
    // Assess
    expect(conditions.length).toBeGreaterThan(20);
    const flags = /^src\.(person_from_batch|person_fills|facts_from_batch) = 1$/;
    expect(conditions.filter((condition) => !flags.test(condition ?? ''))).toEqual([]);
  });

  it('computes the flags in the temp table the MERGE reads', () => {
    // Assess
    const code = MERGE.replace(/--[^\n]*/g, '');
    for (const flag of ['person_relation', 'person_from_batch', 'person_fills', 'facts_from_batch']) {
      expect(code).toMatch(new RegExp(`\\bas ${flag}\\b`));
    }
    expect(code).toMatch(/merge into core\.customer_vehicles\s+using merge_customer_vehicles_src as src/);
  });

  it('keeps the whole customer load within one Redshift BatchExecuteStatement', () => {
    // Prepare
    const state: IngestState = {
      batchId: `b_${'0'.repeat(32)}`,
      kind: 'customers',
      source: { bucket: 'raw', key: 'customers/x.json' },
      manifest: { ref: { bucket: 'processed', key: 'manifests/x.manifest' }, table: 'staging.stg_customer_vehicles', files: 1 },
    };
    // Act
    const texts = loadStatements(state).flatMap((statement) => (statement.kind === 'copy' ? ['copy'] : scanSql(statement.sql).statements.map((piece) => piece.text)));
    // Assess
    expect(texts.length).toBeLessThanOrEqual(MAX_BATCH_STATEMENTS);
  });
});
