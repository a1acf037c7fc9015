import { postgresErrorText } from '../../../shared/adapters/postgres/postgres-error-text';

/** A server error as node-postgres and PGlite hand it over: an Error with the protocol's fields attached. */
function serverError(fields: { message: string; code: string; detail?: string; hint?: string; where?: string }): Error {
  return Object.assign(new Error(fields.message), { name: 'error', ...fields });
}

describe('postgresErrorText', () => {
  it('keeps a COPY’s table, line and column but not the field’s value', () => {
    // Prepare
    const error = serverError({
      message: 'invalid input syntax for type integer: "Phạm Thị Lụa"',
      code: '22P02',
      where: 'COPY stg_customer_vehicles, line 2, column service_visits: "Phạm Thị Lụa"',
    });
    // Act
    const text = postgresErrorText(error);
    // Assess
    expect(text).toBe(
      'ERROR: invalid input syntax for type integer: "…" (SQLSTATE 22P02)\nCONTEXT: COPY stg_customer_vehicles, line 2, column service_visits',
    );
  });

  it('drops the whole line PostgreSQL quotes when a COPY line has the wrong number of fields', () => {
    // Prepare
    const error = serverError({
      message: 'extra data after last expected column',
      code: '22P04',
      where: 'COPY stg_customer_vehicles, line 7: "b_0123,1,c:1,,Phạm Thị Lụa,pham thi lua,pham,lua,0987654321,\n…"',
    });
    // Act
    const text = postgresErrorText(error);
    // Assess
    expect(text).toBe('ERROR: extra data after last expected column (SQLSTATE 22P04)\nCONTEXT: COPY stg_customer_vehicles, line 7');
  });

  it('names the key’s columns and the constraint but not the key’s values', () => {
    // Prepare
    const error = serverError({
      message: 'duplicate key value violates unique constraint "customer_vehicles_pkey"',
      code: '23505',
      detail: 'Key (customer_key, vehicle_key)=(p:0987654321, v:RL4BE3(X)) already exists.',
    });
    // Act
    const text = postgresErrorText(error);
    // Assess
    expect(text).toBe(
      'ERROR: duplicate key value violates unique constraint "customer_vehicles_pkey" (SQLSTATE 23505)\n' +
        'DETAIL: Key (customer_key, vehicle_key)=(…) already exists.',
    );
  });

  it('hides a failing row and the input a type rejected, but keeps identifiers in other errors', () => {
    // Prepare
    const notNull = serverError({
      message: 'null value in column "vehicle_key" of relation "customer_vehicles" violates not-null constraint',
      code: '23502',
      detail: 'Failing row contains (p:0987654321, null, Phạm Thị Lụa, null).',
    });
    const outOfRange = serverError({ message: 'value "0987654321" is out of range for type integer', code: '22003' });
    const missing = serverError({ message: 'relation "core.no_such_table" does not exist', code: '42P01', hint: 'Check the "schema".' });
    // Act
    const texts = [notNull, outOfRange, missing].map(postgresErrorText);
    // Assess
    expect(texts).toEqual([
      'ERROR: null value in column "vehicle_key" of relation "customer_vehicles" violates not-null constraint (SQLSTATE 23502)\n' +
        'DETAIL: Failing row contains (…).',
      'ERROR: value "…" is out of range for type integer (SQLSTATE 22003)',
      'ERROR: relation "core.no_such_table" does not exist (SQLSTATE 42P01)\nHINT: Check the "schema".',
    ]);
  });

  it('leaves a driver’s own error as it is', () => {
    // Prepare
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    // Act + Assess
    expect(postgresErrorText(error)).toBe('Error: connect ECONNREFUSED 127.0.0.1:1');
  });
});
