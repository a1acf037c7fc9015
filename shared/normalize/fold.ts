/**
 * Accent-free lower-case form of Vietnamese text, used as the comparison key everywhere.
 *
 * Definition (the reference): NFC → lower case → NFD → drop every combining mark → đ/Đ (and the look-alike
 * Icelandic ð/Ð that old Vietnamese encodings produce) → d → collapse whitespace runs to one space → trim.
 * `đ` needs its own rule because Unicode gives it no decomposition.
 *
 * Speed: this runs on every text field of every row, so the common case (ASCII, Latin-1 and the precomposed
 * Vietnamese letters U+1EA0–U+1EF9) goes through a per-code-unit lookup table built once at load. Anything
 * else (other scripts, emoji, stray combining marks on exotic bases) falls back to the reference path, so the
 * result is always identical to the reference.
 */

const COMBINING_MARKS = /\p{M}/gu;
const WHITESPACE_RUN = /\s+/g;
const D_STROKE = /[đð]/g;

/** The definition itself, applied to a whole string. */
function foldReference(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(D_STROKE, 'd')
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}

/** Folded form of single code units in the table ranges; `undefined` outside them. */
const TABLE_START = 0x80;
const TABLE_END = 0x1f00;
const FOLD_TABLE: (string | undefined)[] = new Array<string | undefined>(TABLE_END - TABLE_START);
for (let code = TABLE_START; code < TABLE_END; code++) {
  // Latin-1 supplement, Latin Extended-A/B and Latin Extended Additional (the Vietnamese block) only.
  if (code >= 0x250 && code < 0x1e00) continue;
  const ch = String.fromCharCode(code);
  if (/\s/.test(ch)) continue; // whitespace is handled by the scanner itself
  const folded = ch.normalize('NFC').toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '').replace(D_STROKE, 'd');
  // Only single-character, non-space results keep the fast path exact (e.g. U+0149 ŉ → ʼn stays on the slow path).
  if (folded.length <= 1) FOLD_TABLE[code - TABLE_START] = folded;
}

function isSpace(code: number): boolean {
  return (
    code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f ||
    code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/**
 * Fold Vietnamese text to its accent-free, lower-case, single-spaced form. Idempotent; output of
 * Vietnamese letters is ASCII. Returns the input itself when it is already folded (no allocation).
 */
export function foldVietnamese(text: string): string {
  const n = text.length;
  let out = '';
  let copiedUpTo = 0; // text[copiedUpTo, i) still equals the output and is appended lazily
  let pendingSpace = false;
  let wroteAny = false;
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (code === 32 || (code >= 9 && code <= 13)) {
        // A single plain space followed by a visible ASCII character is kept as-is; anything else is rewritten
        // (a space before a character that folds to nothing must not survive at the end).
        if (code === 32 && wroteAny && !pendingSpace && i + 1 < n) {
          const next = text.charCodeAt(i + 1);
          if (next > 32 && next < 0x80) continue;
        }
        if (copiedUpTo < i) out += text.slice(copiedUpTo, i);
        copiedUpTo = i + 1;
        if (wroteAny) pendingSpace = true;
        continue;
      }
      if (code >= 65 && code <= 90) {
        if (copiedUpTo < i) out += text.slice(copiedUpTo, i);
        if (pendingSpace) { out += ' '; pendingSpace = false; }
        out += String.fromCharCode(code + 32);
        copiedUpTo = i + 1;
        wroteAny = true;
        continue;
      }
      if (pendingSpace) {
        if (copiedUpTo < i) out += text.slice(copiedUpTo, i);
        out += ' ';
        pendingSpace = false;
        copiedUpTo = i;
      }
      wroteAny = true;
      continue;
    }
    if (isSpace(code)) {
      if (copiedUpTo < i) out += text.slice(copiedUpTo, i);
      copiedUpTo = i + 1;
      if (wroteAny) pendingSpace = true;
      continue;
    }
    let folded: string | undefined;
    if (code >= 0x300 && code <= 0x36f) folded = ''; // a stray combining diacritic: dropped like after NFD
    else if (code < TABLE_END) folded = FOLD_TABLE[code - TABLE_START];
    if (folded === undefined) return foldReference(text);
    if (copiedUpTo < i) out += text.slice(copiedUpTo, i);
    copiedUpTo = i + 1;
    if (folded.length > 0) {
      if (pendingSpace) { out += ' '; pendingSpace = false; }
      out += folded;
      wroteAny = true;
    }
  }
  if (copiedUpTo === 0) return text;
  if (copiedUpTo < n) out += text.slice(copiedUpTo, n);
  return out;
}

/** The reference implementation, exported for tests that check the fast path against it. */
export const foldVietnameseReference = foldReference;
