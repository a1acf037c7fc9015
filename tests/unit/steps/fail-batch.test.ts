import { readableCause } from '../../../shared/steps/fail-batch';

describe('readableCause', () => {
  it('keeps the type and message of a Lambda error and drops its stack trace', () => {
    const cause = JSON.stringify({ errorType: 'UnreadableFileError', errorMessage: 'truncated_json: the JSON document ends…', trace: ['at x', 'at y'] });
    expect(readableCause('UnreadableFileError', cause)).toBe('UnreadableFileError: truncated_json: the JSON document ends…');
  });

  it('prefixes a plain cause with the error name and bounds its length', () => {
    expect(readableCause('LoadFailedError', 'Load into table failed')).toBe('LoadFailedError: Load into table failed');
    expect(readableCause('X', 'y'.repeat(10_000))).toHaveLength(4000);
    expect(readableCause('States.Timeout', null)).toBe('States.Timeout');
  });
});
