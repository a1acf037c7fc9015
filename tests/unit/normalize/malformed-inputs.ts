/** Values that reach normalizers from loosely typed JSON and spreadsheets: none of them is a usable value. */
export const MALFORMED_INPUTS: ReadonlyArray<readonly [string, unknown]> = [
  ['an object', { phone: '0903123456' }],
  ['an array', ['0903123456']],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['-Infinity', Number.NEGATIVE_INFINITY],
  ['an empty string', ''],
  ['whitespace', ' \t\n\u00a0 '],
  ['emoji', '🚗🔥'],
  ['true', true],
  ['undefined', undefined],
  ['null', null],
  ['a function', () => '0903123456'],
];

/** Every Vietnamese letter, lower and upper case, with every tone (NFC). */
export const VIETNAMESE_LETTERS: readonly string[] = (() => {
  const vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
  const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
  const letters = new Set<string>();
  for (const v of vowels) for (const t of tones) letters.add((v + t).normalize('NFC'));
  for (const c of 'bcdđghklmnpqrstvx') letters.add(c);
  for (const l of [...letters]) letters.add(l.toUpperCase());
  return [...letters];
})();
