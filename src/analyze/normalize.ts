// Normalization with a map back to the original text: NFKC, lower case, Traditional → Simplified.
//
// Every rule is applied per "cluster" (a code point plus the combining code points that follow it), never across
// clusters. That makes normalization context-free between clusters, so for any slice that starts and ends on cluster
// boundaries, normalizeText(slice) is exactly the matching slice of normalizeText(whole): the property that lets a
// token's term be checked against the original text it came from.
import * as OpenCC from 'opencc-js/t2cn';

/** Bump on any change to the rules below or to what counts as a cluster: the index records it and refuses to mix. */
export const NORMALIZATION_VERSION = 1;

/**
 * NFKC (full-width → half-width), Latin lower-case, Traditional → Simplified (opencc-js, from 'tw'/'hk'/'t' to 'cn' — pick one, justify).
 * origStart[i]/origEnd[i] give the [start, end) UTF-16 span in the ORIGINAL text that produced normalized code unit i
 * (when one original char expands to several normalized units, they all map to its span; when several original units
 * collapse into one, its span covers them all).
 */
export interface Normalized {
  text: string;
  origStart: Int32Array;
  origEnd: Int32Array;
}

// Traditional → Simplified, one code point at a time, with OpenCC's Hong Kong preset:
// - per character, not per phrase: phrase rules change lengths (the whole corpus converted as one string does) and
//   depend on neighbours, so a word cut out of a sentence would convert differently from the sentence — offsets and
//   the `normalizeText(slice) === term` contract would break. The price: phrase-only distinctions are lost
//   (乾隆 becomes 干隆, 哪吒 becomes 哪咤), identically on the index and the query side, so matching is unaffected.
// - 'hk' rather than 'tw': 'tw' rewrites characters that are correct Simplified (著 → 着, 么 → 幺: 2,100 times in the
//   CCTV corpus, 什么 → 什幺); 'hk' changes no more Simplified text than 't' does on that corpus, and also folds
//   Hong Kong variants ('t' leaves 衞, 溫-variant and 綫-style forms alone).
const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

const NFKC = 'NFKC';
/** Hangul conjoining vowels and trailing consonants: letters, yet NFKC composes them with the syllable before. */
function isConjoiningJamo(cp: number): boolean {
  return (cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff);
}
const MARK = /^\p{M}/u;

/** Does this code point belong to the cluster of the code point before it (NFKC may compose or reorder across)? */
function computeAttaching(cp: number): boolean {
  if (isConjoiningJamo(cp)) return true;
  const ch = String.fromCodePoint(cp);
  if (MARK.test(ch)) return true;
  // e.g. half-width ﾞ (a letter) becomes the combining voiced mark U+3099 and composes: ｶﾞ → ガ.
  const decomposed = ch.normalize(NFKC);
  return decomposed.length > 0 && (MARK.test(decomposed) || isConjoiningJamo(decomposed.codePointAt(0)!));
}

/** The whole rule set for one cluster. Lower case per code point: String#toLowerCase looks at neighbours (final Σ → ς). */
export function foldCluster(cluster: string): string {
  // Repeated to a fixed point so that normalizing twice changes nothing: OpenCC's tables chain (薴 → 苧 → 苎).
  let current = cluster;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const compat = current.normalize(NFKC);
    let out = '';
    for (const ch of compat) out += toSimplified(ch.toLowerCase());
    out = out.normalize(NFKC);
    if (out === current) break;
    current = out;
  }
  return current;
}
const MAX_ROUNDS = 4;

// Per code point results, computed on first sight. BMP in flat tables; other planes in a Map.
const INFO_UNKNOWN = 0;
const INFO_SAME = 1; // maps to itself
const INFO_ONE = 2; // maps to one BMP unit: bmpOne[cp]
const INFO_MANY = 3; // maps to another string: many.get(cp)
const INFO_KIND = 3;
const INFO_ATTACHING = 4; // flag
const bmpInfo = new Uint8Array(0x10000);
const bmpOne = new Uint16Array(0x10000);
const many = new Map<number, string>();
const astralInfo = new Map<number, number>();

function learn(cp: number): number {
  const folded = foldCluster(String.fromCodePoint(cp));
  let info: number;
  if (folded.length === 1 && folded.charCodeAt(0) === cp) info = INFO_SAME;
  else if (folded.length === 1 && cp < 0x10000) {
    info = INFO_ONE;
    bmpOne[cp] = folded.charCodeAt(0);
  } else {
    info = INFO_MANY;
    many.set(cp, folded);
  }
  if (computeAttaching(cp)) info |= INFO_ATTACHING;
  if (cp < 0x10000) bmpInfo[cp] = info;
  else astralInfo.set(cp, info);
  return info;
}

function infoOf(cp: number): number {
  if (cp < 0x10000) {
    const info = bmpInfo[cp];
    return info === INFO_UNKNOWN ? learn(cp) : info;
  }
  return astralInfo.get(cp) ?? learn(cp);
}

/** Code points below U+0300 never attach: a cluster only grows over a following code point at or above this. */
const FIRST_COMBINING = 0x300;

// Per BMP code unit, everything the one-unit fast path of normalize and charStream needs in one table lookup:
// - UNIT_SIMPLE: as a cluster of its own, the unit (not a surrogate) normalizes to exactly the one unit in the low
//   16 bits (itself, its lower case, its Simplified form...), also not a surrogate;
// - UNIT_MAY_JOIN: as the unit after a base, it may belong to the base's cluster: it attaches, or it is a surrogate
//   at or above U+0300 (whether the astral code point attaches is left to the cluster path).
// 0 = not looked at yet.
export const UNIT_SIMPLE = 0x10000;
export const UNIT_MAY_JOIN = 0x20000;
const UNIT_KNOWN = 0x40000;
export const unitTable = new Int32Array(0x10000);

function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/** Fills and returns unitTable[unit]. */
export function learnUnit(unit: number): number {
  let entry = UNIT_KNOWN;
  if (isSurrogate(unit)) entry |= UNIT_MAY_JOIN;
  else {
    const info = infoOf(unit);
    const kind = info & INFO_KIND;
    const to = kind === INFO_SAME ? unit : kind === INFO_ONE ? bmpOne[unit] : -1;
    if (to >= 0 && !isSurrogate(to)) entry |= UNIT_SIMPLE | to;
    if (unit >= FIRST_COMBINING && (info & INFO_ATTACHING) !== 0) entry |= UNIT_MAY_JOIN;
  }
  unitTable[unit] = entry;
  return entry;
}

function unitEntry(text: string, i: number): number {
  const entry = unitTable[text.charCodeAt(i)];
  return entry !== 0 ? entry : learnUnit(text.charCodeAt(i));
}

/** End of the cluster starting at code unit `i`: its code point and every attaching code point after it. */
export function clusterEnd(text: string, i: number): number {
  const n = text.length;
  let end = i + (text.codePointAt(i)! > 0xffff ? 2 : 1);
  while (end < n) {
    const following = text.codePointAt(end)!;
    if (following < FIRST_COMBINING || (infoOf(following) & INFO_ATTACHING) === 0) break;
    end += following > 0xffff ? 2 : 1;
  }
  return end;
}

/** The normalized form of the cluster text[i, end) (as found by clusterEnd). */
export function foldClusterAt(text: string, i: number, end: number): string {
  const cp = text.codePointAt(i)!;
  if (end !== i + (cp > 0xffff ? 2 : 1)) return foldCluster(text.slice(i, end));
  const kind = infoOf(cp) & INFO_KIND;
  if (kind === INFO_MANY) return many.get(cp)!;
  if (kind === INFO_ONE) return String.fromCharCode(bmpOne[cp]);
  return text.slice(i, end);
}

/** Normalized units with their original spans, in growable typed arrays (reused by charStream's state too). */
export class Output {
  units: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.units = new Uint16Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.units.length) return;
    const capacity = Math.max(need, this.units.length * 2);
    const units = new Uint16Array(capacity);
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    units.set(this.units.subarray(0, this.length));
    starts.set(this.starts.subarray(0, this.length));
    ends.set(this.ends.subarray(0, this.length));
    this.units = units;
    this.starts = starts;
    this.ends = ends;
  }
  pushString(s: string, start: number, end: number): void {
    this.reserve(s.length);
    for (let k = 0; k < s.length; k++) {
      const unit = s.charCodeAt(k);
      this.units[this.length] = unit;
      this.starts[this.length] = start;
      this.ends[this.length] = end;
      this.length++;
    }
  }
}

// Node's UCS-2 decoding builds a string from little-endian units as they are, lone surrogates included (which must
// survive unchanged), and costs a fraction of TextDecoder's or String.fromCharCode.apply's call; it reads bytes, so it
// serves only where a Uint16Array is little-endian.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const CHUNK = 8192;
/** units[0, length) as a string. */
export function unitsToString(units: Uint16Array, length: number): string {
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, length * 2).toString('utf16le');
  if (length <= CHUNK) return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  const parts: string[] = [];
  for (let i = 0; i < length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, units.subarray(i, Math.min(length, i + CHUNK)) as unknown as number[]));
  }
  return parts.join('');
}

/** Reused from call to call (normalize is not re-entrant): allocating three typed arrays per call cost more than the work. */
const scratch = new Output(1024);
export const SCRATCH_LIMIT = 1 << 16;

/** See the interface. Deterministic, context-free between clusters, idempotent (normalize(normalize(x).text) is a no-op). */
export function normalize(text: string): Normalized {
  const n = text.length;
  // A huge text gets its own buffers, so that the scratch does not keep its size for the life of the process.
  const out = n > SCRATCH_LIMIT ? new Output(n + 16) : scratch;
  out.length = 0;
  out.reserve(n + 16);
  // `entry` is the table entry of the unit at i, carried over from the previous step's look at its next unit.
  let entry = n > 0 ? unitEntry(text, 0) : 0;
  let i = 0;
  while (i < n) {
    const next = i + 1 < n ? unitEntry(text, i + 1) : 0;
    if ((entry & UNIT_SIMPLE) !== 0 && (next & UNIT_MAY_JOIN) === 0) {
      // A cluster of one unit mapping to one unit: the common case (Han, punctuation, ASCII).
      if (out.length === out.units.length) out.reserve(1);
      out.units[out.length] = entry & 0xffff;
      out.starts[out.length] = i;
      out.ends[out.length] = i + 1;
      out.length++;
      i++;
      entry = next;
      continue;
    }
    const end = clusterEnd(text, i);
    out.pushString(foldClusterAt(text, i, end), i, end);
    i = end;
    entry = i < n ? unitEntry(text, i) : 0;
  }
  return {
    text: unitsToString(out.units, out.length),
    origStart: out.starts.slice(0, out.length),
    origEnd: out.ends.slice(0, out.length),
  };
}

/** The same rules, text only (queries, oracles). */
export function normalizeText(text: string): string {
  return normalize(text).text;
}
