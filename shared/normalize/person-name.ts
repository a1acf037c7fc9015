/**
 * Vietnamese person names: `Họ` (family, first word), `tên đệm` (middle), `tên` (given, last word).
 *
 * - Text is NFC-normalized, then read as letter words (digits and punctuation drop out; apostrophes and
 *   hyphens inside a word stay, as in Ê Đê names like `H'Hen Niê`).
 * - Leading forms of address are stripped, repeatedly: Anh, Chị, Ông, Bà, Cô, Chú, Em, Bác, Mr, Mrs, Ms,
 *   Miss, A., C., KH, Khách hàng, Quý khách (any case, with or without diacritics or a dot). `Chu` and `Ong`
 *   written without diacritics are also family names (Chu Văn An), so they are stripped only when a known
 *   family name follows. A title that would leave nothing is kept as the name when something was already
 *   stripped before it (`Chị Anh` → `Anh`); a bare title (`Anh`, `Khách hàng`) gives null.
 * - Each word is Title Cased (`NGUYỄN VĂN AN` → `Nguyễn Văn An`).
 * - A single remaining word is taken as the given name, with an empty family name: "Anh Hùng" names Hùng,
 *   and a family name that is not there must not count as agreement.
 *
 * Family-name canon for `familyFolded` (spellings of one family name, regional or historical):
 *   Huỳnh → `hoang` (Hoàng; Huỳnh is the southern form, from a 16th-century naming taboo)
 *   Vũ → `vo` (Võ; northern/southern forms of the same name)
 */

import { foldVietnamese } from './fold';

export interface PersonName {
  full: string;
  folded: string;
  family: string;
  middle: string;
  given: string;
  familyFolded: string;
  /** Middle words folded, space-separated; '' when there are none. */
  middleFolded: string;
  givenFolded: string;
}

const NON_ASCII = /[^\x00-\x7f]/;
const INNER_BREAK = /['’-]/;

/** Forms of address that never start a real name (folded). */
const TITLES: ReadonlySet<string> = new Set([
  'anh', 'chi', 'ba', 'co', 'em', 'bac', 'mr', 'mrs', 'ms', 'miss', 'a', 'c', 'kh',
]);
/** Titles that, written without diacritics, are also family names (Chu, Ông). */
const AMBIGUOUS_TITLES: ReadonlySet<string> = new Set(['chu', 'ong']);
/** Two-word titles: first folded word → second folded word. */
const TWO_WORD_TITLES: ReadonlyMap<string, string> = new Map([
  ['khach', 'hang'],
  ['quy', 'khach'],
]);

/**
 * Common family names (folded), used to tell the title `Chu`/`Ong` from the family name. Văn is left out on
 * purpose: as a family name it is rare, as a middle name very common (`Chu Văn An`).
 */
const FAMILY_NAMES: ReadonlySet<string> = new Set([
  'nguyen', 'tran', 'le', 'pham', 'hoang', 'huynh', 'phan', 'vu', 'vo', 'dang', 'bui', 'do', 'ho', 'ngo',
  'duong', 'ly', 'dinh', 'truong', 'doan', 'lam', 'mai', 'trinh', 'luong', 'ha', 'cao', 'dao', 'to', 'tang',
  'chau', 'la', 'quach', 'thai', 'luu', 'ta', 'vuong', 'kieu', 'tong', 'lai', 'ton', 'khuc', 'chu', 'trieu',
  'thach', 'au', 'giang', 'han', 'nghiem', 'lu', 'quan', 'mac', 'dam', 'khong', 'tu', 'dieu',
]);

const FAMILY_CANON: ReadonlyMap<string, string> = new Map([
  ['huynh', 'hoang'],
  ['vu', 'vo'],
]);

/** Population share by canonical folded family name; the rest share 0.002. */
const FAMILY_FREQUENCY: ReadonlyMap<string, number> = new Map([
  ['nguyen', 0.38], ['tran', 0.11], ['le', 0.095], ['pham', 0.071], ['hoang', 0.051], ['phan', 0.045],
  ['vo', 0.039], ['dang', 0.021], ['bui', 0.02], ['do', 0.014], ['ho', 0.013], ['ngo', 0.013],
  ['duong', 0.01], ['ly', 0.005],
]);
const OTHER_FAMILY_FREQUENCY = 0.002;

/**
 * Letters of a name: ASCII letters and everything from U+00C0 on except punctuation and symbol blocks and
 * astral characters (emoji). A hand-written test because a `\p{L}` regex costs a third of a parse.
 */
function isNameChar(code: number): boolean {
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
  if (code < 0xc0 || code === 0xd7 || code === 0xf7) return false;
  if (code >= 0x2000 && code <= 0x2bff) return false;
  if (code >= 0x3000 && code <= 0x303f) return false;
  return code < 0xd800 || (code > 0xdfff && code !== 0xfeff);
}

/** Apostrophes and hyphens join letters into one word (`H'Hen`, `Jean-Pierre`). */
function isJoiner(code: number): boolean {
  return code === 39 || code === 45 || code === 0x2019;
}

function splitWords(text: string): string[] {
  const words: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isNameChar(text.charCodeAt(i))) { i++; continue; }
    const start = i;
    i++;
    for (;;) {
      while (i < n && isNameChar(text.charCodeAt(i))) i++;
      if (i + 1 < n && isJoiner(text.charCodeAt(i)) && isNameChar(text.charCodeAt(i + 1))) { i += 2; continue; }
      break;
    }
    words.push(text.slice(start, i));
  }
  return words;
}

function titleCase(word: string): string {
  const lower = word.toLowerCase();
  let out = lower.charAt(0).toUpperCase() + lower.slice(1);
  if (INNER_BREAK.test(out)) {
    out = out.replace(/(['’-])(\p{Ll})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  }
  return out;
}

/** Number of words the form of address at `words[i]` takes (0 = not a title). */
function titleLength(words: readonly string[], folded: readonly string[], i: number): number {
  const f = folded[i] as string;
  const second = TWO_WORD_TITLES.get(f);
  if (second !== undefined && folded[i + 1] === second) return 2;
  if (TITLES.has(f)) return 1;
  if (AMBIGUOUS_TITLES.has(f)) {
    const hasMarks = (words[i] as string).toLowerCase() !== f; // 'chú', 'ông'
    if (hasMarks) return 1;
    const next = folded[i + 1];
    return next !== undefined && FAMILY_NAMES.has(next) ? 1 : 0;
  }
  return 0;
}

/**
 * Parse a full name, family name first. Returns null when nothing name-like remains (empty, digits only, a
 * bare title, not a string).
 */
export function parsePersonName(input: unknown): PersonName | null {
  if (typeof input !== 'string') return null;
  const text = NON_ASCII.test(input) ? input.normalize('NFC') : input;
  const matched = splitWords(text);

  const words: string[] = [];
  const folded: string[] = [];
  for (const w of matched) {
    const f = foldVietnamese(w);
    if (f.length === 0) continue; // a run of stray combining marks
    words.push(w);
    folded.push(f);
  }
  if (words.length === 0) return null;

  let start = 0;
  for (;;) {
    const len = titleLength(words, folded, start);
    if (len === 0) break;
    if (start + len >= words.length) {
      if (start === 0) return null;
      break;
    }
    start += len;
  }

  const count = words.length - start;
  const last = words.length - 1;
  const given = titleCase(words[last] as string);
  const givenFolded = folded[last] as string;
  if (count === 1) {
    return { full: given, folded: givenFolded, family: '', middle: '', given, familyFolded: '', middleFolded: '', givenFolded };
  }
  const family = titleCase(words[start] as string);
  const familyRaw = folded[start] as string;
  let middle = '';
  let middleFolded = '';
  for (let i = start + 1; i < last; i++) {
    middle += (middle.length > 0 ? ' ' : '') + titleCase(words[i] as string);
    middleFolded += (middleFolded.length > 0 ? ' ' : '') + (folded[i] as string);
  }
  let foldedFull = familyRaw;
  for (let i = start + 1; i <= last; i++) foldedFull += ' ' + (folded[i] as string);
  return {
    full: middle.length > 0 ? `${family} ${middle} ${given}` : `${family} ${given}`,
    folded: foldedFull,
    family,
    middle,
    given,
    familyFolded: FAMILY_CANON.get(familyRaw) ?? familyRaw,
    middleFolded,
    givenFolded,
  };
}

/**
 * A name-order-insensitive key for matching: the folded words, each family-name spelling canonicalized
 * (Huỳnh → hoang, Vũ → vo), sorted and joined by spaces. `Nguyễn Văn Hùng`, `Hung Van Nguyen` (Western order) and
 * `HÙNG NGUYỄN VĂN` share one key; a lone given name is its own key.
 */
export function personNameKey(name: PersonName): string {
  return name.folded
    .split(' ')
    .map((word) => FAMILY_CANON.get(word) ?? word)
    .sort()
    .join(' ');
}

/**
 * Share of the population carrying a family name (canonical folded form, as in `PersonName.familyFolded`):
 * how much a family-name agreement says. Non-canonical spellings (`huynh`, `vu`) are canonicalized first.
 * Unknown or empty names get the long-tail share 0.002.
 */
export function familyNameFrequency(familyFolded: string): number {
  return FAMILY_FREQUENCY.get(FAMILY_CANON.get(familyFolded) ?? familyFolded) ?? OTHER_FAMILY_FREQUENCY;
}
