import { keysetPages, PageKeyError } from '../../../shared/steps/export/warehouse-pages';

async function collect(rows: AsyncIterable<Record<string, unknown>>): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('keysetPages', () => {
  it('asks for the page after the last key until a page is empty, and drops row_key', async () => {
    // Prepare: keys in the warehouse's order, which need not be JavaScript's ('b' < 'B' in a locale collation)
    const pages: Record<string, { row_key: string; n: number }[]> = { '': [{ row_key: 'b', n: 1 }, { row_key: 'B', n: 2 }], B: [{ row_key: 'c', n: 3 }], c: [] };
    const asked: unknown[] = [];
    const warehouse = { query: async <R>(_sql: string, params?: Record<string, unknown>) => (asked.push(params?.after_key), (pages[String(params?.after_key)] ?? []) as R[]) };
    // Act
    const rows = await collect(keysetPages(warehouse, 'export/leads_page'));
    // Assess
    expect(rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(asked).toEqual(['', 'B', 'c']);
  });

  it('stops with PageKeyError instead of looping when a page does not move past its start', async () => {
    // Prepare: a query that ignores :after_key
    const warehouse = { query: async <R>() => [{ row_key: 'a' }] as R[] };
    // Act + Assess
    await expect(collect(keysetPages(warehouse, 'export/leads_page'))).rejects.toBeInstanceOf(PageKeyError);
  });
});
