/**
 * Car make / model / variant from free text (`Vios 1.5G CVT`, `TOYOTA VIOS E`, `Mazda CX5 2.0 Premium`,
 * `Mer C200`, `xe Vios G 2019`) against the catalog in car-catalog-data.ts.
 *
 * Matching works on folded tokens (split at spaces, `-`, `/`, `,`, parentheses …; dots kept inside tokens so
 * `1.5G` and `A2.0` survive). Scanning left to right, the first position where a model alias matches wins, the
 * longest alias first (`Corolla Cross` beats `Corolla`, `Xpander Cross` beats `Xpander`, `Mazda 3` beats the
 * make `Mazda`); make names met on the way set the make. Once the text names a make, only that make's models
 * count (and its scoped aliases such as Mazda `3` or Audi `A4` come into play). Without a make in the text, the
 * make hint plays that role, but a model of another make is still accepted when the hint's make has none in
 * the text (the model name is more specific than a Brand column).
 *
 * variant = the tokens after the model, in their original spelling, without model years (`2019`, `sx 2019`,
 * `đời 2019`), led by a pattern designation when one matched (`C200`, `320i`). When the whole text is written
 * in one case, the variant is re-cased (`toyota vios 1.5g cvt` → `1.5G CVT`, `MAZDA CX-5 PREMIUM` → `Premium`);
 * mixed-case text is kept as written (`Sedona 3.3 GATH`).
 *
 * Results are frozen and cached per (text, hint) in a bounded map: the same few thousand model strings repeat
 * across millions of records.
 */

import { CAR_CATALOG, type ModelPattern } from './car-catalog-data';
import { foldVietnamese } from './fold';

export interface CarModelMatch {
  make: string;
  model: string;
  variant: string | null;
}

interface Token {
  orig: string;
  key: string;
}

interface AliasEntry {
  make: string;
  model: string;
  keys: readonly string[];
  scoped: boolean;
}

interface PatternEntry extends ModelPattern {
  make: string;
  model: string;
}

interface MakeAlias {
  make: string;
  keys: readonly string[];
}

interface ModelHit {
  make: string;
  model: string;
  length: number;
  designation: string | null;
}

const SPLIT = /[\s\-_/\\,()+|:;–—[\]{}"“”]+/;
const EDGE_DOTS = /^\.+|\.+$/g;
const NON_ASCII = /[^\x00-\x7f]/;
const HAS_DIGIT = /\d/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const part of text.split(SPLIT)) {
    const orig = part.includes('.') ? part.replace(EDGE_DOTS, '') : part;
    if (orig.length === 0) continue;
    tokens.push({ orig, key: foldVietnamese(orig) });
  }
  return tokens;
}

function keysOf(alias: string): string[] {
  return tokenize(alias).map((t) => t.key);
}

/** First token key → aliases starting with it, longest first. */
const MODEL_INDEX = new Map<string, AliasEntry[]>();
const PATTERNS: PatternEntry[] = [];
const MAKE_INDEX = new Map<string, MakeAlias[]>();

function addIndexed<T extends { keys: readonly string[] }>(index: Map<string, T[]>, entry: T): void {
  const first = entry.keys[0];
  if (first === undefined) return;
  const list = index.get(first);
  if (list === undefined) index.set(first, [entry]);
  else list.push(entry);
}

function addAlias(make: string, model: string, alias: string, scoped: boolean): void {
  const keys = keysOf(alias);
  addIndexed(MODEL_INDEX, { make, model, keys, scoped });
  if (keys.length > 1) addIndexed(MODEL_INDEX, { make, model, keys: [keys.join('')], scoped }); // `CX5`, `SantaFe`
}

for (const spec of CAR_CATALOG) {
  for (const alias of spec.aliases) {
    const keys = keysOf(alias);
    addIndexed(MAKE_INDEX, { make: spec.make, keys });
    if (keys.length > 1) addIndexed(MAKE_INDEX, { make: spec.make, keys: [keys.join('')] });
  }
  for (const m of spec.models) {
    // The canonical name is an alias too, unless the model is only ever named with its make (`ES`, `A4`).
    const names = m.aliases.length > 0 ? [m.model, ...m.aliases] : [];
    for (const alias of names) addAlias(spec.make, m.model, alias, false);
    for (const alias of m.scoped ?? []) addAlias(spec.make, m.model, alias, true);
    for (const p of m.patterns ?? []) PATTERNS.push({ ...p, make: spec.make, model: m.model });
  }
}
for (const list of [...MODEL_INDEX.values(), ...MAKE_INDEX.values()]) {
  list.sort((a, b) => b.keys.length - a.keys.length || b.keys.join(' ').length - a.keys.join(' ').length);
}

function keysMatchAt(tokens: readonly Token[], i: number, keys: readonly string[]): boolean {
  if (i + keys.length > tokens.length) return false;
  for (let k = 1; k < keys.length; k++) if ((tokens[i + k] as Token).key !== keys[k]) return false;
  return true;
}

/** Best model alias or pattern at token i. `scope`: the known make; `restrict`: only that make's models. */
function modelAt(tokens: readonly Token[], i: number, scope: string | null, restrict: boolean): ModelHit | null {
  const token = tokens[i] as Token;
  let best: ModelHit | null = null;
  const entries = MODEL_INDEX.get(token.key);
  if (entries !== undefined) {
    for (const e of entries) {
      if ((restrict || e.scoped) && e.make !== scope) continue;
      if (keysMatchAt(tokens, i, e.keys)) {
        best = { make: e.make, model: e.model, length: e.keys.length, designation: null };
        break;
      }
    }
  }
  const next = tokens[i + 1];
  if (HAS_DIGIT.test(token.key) || (next !== undefined && HAS_DIGIT.test(next.key))) {
    for (const p of PATTERNS) {
      if ((restrict || p.scoped === true) && p.make !== scope) continue;
      let length = 0;
      let m: RegExpExecArray | null = null;
      if (next !== undefined) {
        m = p.re.exec(token.key + next.key);
        if (m !== null) length = 2;
      }
      if (m === null) {
        m = p.re.exec(token.key);
        if (m !== null) length = 1;
      }
      if (m !== null && (best === null || length >= best.length)) {
        best = { make: p.make, model: p.model, length, designation: p.designation(m) };
        if (length === 2) break;
      }
    }
  }
  return best;
}

function makeAt(tokens: readonly Token[], i: number): MakeAlias | null {
  const entries = MAKE_INDEX.get((tokens[i] as Token).key);
  if (entries === undefined) return null;
  for (const e of entries) if (keysMatchAt(tokens, i, e.keys)) return e;
  return null;
}

const YEAR = /^(?:19[5-9]\d|20[0-4]\d)$/;
const YEAR_WORDS: ReadonlySet<string> = new Set(['sx', 'doi', 'nam', 'model', 'dk', 'my']);
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;
const AXLES = /^\d+x\d+$/i;
/** Engine designations keep a lower-case fuel letter: `320i`, `2.0i`, `118d`. */
const ENGINE = /^[\d.]+[id]$/i;
const SHORT_CODE = /^[a-z0-9.]+$/i;

function recase(token: string): string {
  if (AXLES.test(token) || ENGINE.test(token)) return token.toLowerCase();
  if (SHORT_CODE.test(token) && (HAS_DIGIT.test(token) || token.length <= 3)) return token.toUpperCase();
  const lower = token.toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** True when the text is written in one case only (`TOYOTA VIOS E`, `toyota vios e`): its casing says nothing. */
function isSingleCase(tokens: readonly Token[]): boolean {
  let lower = false;
  let upper = false;
  for (const t of tokens) {
    lower ||= HAS_LOWER.test(t.orig);
    upper ||= HAS_UPPER.test(t.orig);
  }
  return !(lower && upper);
}

function variantOf(designation: string | null, rest: readonly Token[], recased: boolean): string | null {
  const kept: string[] = [];
  for (let j = 0; j < rest.length; j++) {
    const t = rest[j] as Token;
    if (YEAR.test(t.key)) continue;
    const next = rest[j + 1];
    if (YEAR_WORDS.has(t.key) && next !== undefined && YEAR.test(next.key)) continue;
    kept.push(t.orig);
  }
  if (recased) for (let j = 0; j < kept.length; j++) kept[j] = recase(kept[j] as string);
  if (designation !== null) kept.unshift(designation);
  return kept.length > 0 ? kept.join(' ') : null;
}

/** Canonical make named by a text (first make alias in it), e.g. `Mercedes Benz` → `Mercedes-Benz`. */
function makeOf(tokens: readonly Token[]): string | null {
  for (let i = 0; i < tokens.length; i++) {
    const found = makeAt(tokens, i);
    if (found !== null) return found.make;
  }
  return null;
}

function toNfc(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFC') : text;
}

function match(text: string, hint: string | null): CarModelMatch | null {
  const tokens = tokenize(toNfc(text));
  if (tokens.length === 0) return null;
  const hintMake = hint === null ? null : makeOf(tokenize(toNfc(hint)));

  let textMake: string | null = null;
  let hit: ModelHit | null = null;
  let at = -1;
  for (let i = 0; i < tokens.length; i++) {
    const scope = textMake ?? hintMake;
    hit = modelAt(tokens, i, scope, scope !== null);
    if (hit !== null) { at = i; break; }
    const make = makeAt(tokens, i);
    if (make !== null) {
      textMake = make.make;
      i += make.keys.length - 1;
    }
  }
  if (hit === null && textMake === null && hintMake !== null) {
    // The hint may be wrong (a Brand column of another car); a global model alias still identifies the car.
    for (let i = 0; i < tokens.length && hit === null; i++) {
      hit = modelAt(tokens, i, null, false);
      at = i;
    }
  }
  if (hit === null) return null;
  return Object.freeze({
    make: hit.make,
    model: hit.model,
    variant: variantOf(hit.designation, tokens.slice(at + hit.length), isSingleCase(tokens)),
  });
}

const CACHE_LIMIT = 50_000;
const cache = new Map<string, CarModelMatch | null>();

/**
 * Match a model text (and optional make hint, e.g. the Brand column or chotot's carbrand_name) to the catalog.
 * Null when no catalog model is named. Non-string text gives null; a non-string hint is ignored.
 */
export function matchCarModel(modelText: unknown, makeHint?: unknown): CarModelMatch | null {
  if (typeof modelText !== 'string') return null;
  const hint = typeof makeHint === 'string' && makeHint.length > 0 ? makeHint : null;
  const key = hint === null ? modelText : modelText + '\u0000' + hint;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const result = match(modelText, hint);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, result);
  return result;
}

/** Canonical make from a make text (`MERCEDES`, `Mẹc`, `Huyndai`, `VW`); null when unknown (`Hãng khác`). */
export function normalizeCarMake(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  return makeOf(tokenize(toNfc(input)));
}
