// charStream: text in → its indexable character stream, each unit mapped to its original span.
// The stream is what the character path indexes and what phrase queries match against: letters and digits, with a
// BREAK unit where clause punctuation stood, so that a phrase bridges typography but not a clause.
import { BREAK, CharClass, classOf, classifyUnits } from './char-class.js';
import { clusterEnd, foldClusterAt, learnUnit, normalize, Output, UNIT_MAY_JOIN, UNIT_SIMPLE, SCRATCH_LIMIT, unitTable, unitsToString, type Normalized } from './normalize.js';

/**
 * The "indexable character stream": the normalized text with only indexable code units kept — letters, digits and
 * combining marks (\p{L}\p{N}\p{M}, CJK included), plus '.' when it stands between two digits and '%' right after a
 * digit (so "9.2%" and "6.95" keep their meaning). Typography — spaces, line breaks, quotation and book-title marks,
 * middle dots, other symbols — is dropped, so that a phrase such as 缩小三大差距 matches the printed 缩小“三大差距”.
 * Clause and sentence punctuation (，。、；：！？…, brackets; CharClass.Break) leaves one BREAK unit (U+0000) between the
 * kept units around it — one for a run of them, none at either end of the stream — so that 建农业 does not match
 * 建、农业. origStart/origEnd as in Normalized, per kept code unit (a BREAK: the first punctuation of its run).
 */
export interface CharStream {
  chars: string;
  origStart: Int32Array;
  origEnd: Int32Array;
}

/** The stream of an already normalized text, given its unit classes (so `analyze` classifies once). */
export function streamOf(normalized: Normalized, classes: Uint8Array): CharStream {
  const { text, origStart, origEnd } = normalized;
  const n = text.length;
  let kept = 0;
  for (let i = 0; i < n; i++) if (classes[i] !== CharClass.Drop && classes[i] !== CharClass.Break) kept++;
  if (kept === n) return { chars: text, origStart, origEnd };
  // Room for every kept unit and a BREAK between each two.
  const starts = new Int32Array(Math.max(0, 2 * kept - 1));
  const ends = new Int32Array(starts.length);
  const parts: string[] = [];
  let k = 0;
  let runStart = -1;
  let brk = -1; // the first clause punctuation since the last kept unit, once a unit has been kept
  for (let i = 0; i < n; i++) {
    const c = classes[i];
    if (c === CharClass.Drop || c === CharClass.Break) {
      if (runStart >= 0) parts.push(text.slice(runStart, i));
      runStart = -1;
      if (c === CharClass.Break && k > 0 && brk < 0) brk = i;
      continue;
    }
    if (brk >= 0) {
      parts.push(BREAK_UNIT);
      starts[k] = origStart[brk];
      ends[k] = origEnd[brk];
      k++;
      brk = -1;
    }
    if (runStart < 0) runStart = i;
    starts[k] = origStart[i];
    ends[k] = origEnd[i];
    k++;
  }
  if (runStart >= 0) parts.push(text.slice(runStart));
  return { chars: parts.join(''), origStart: starts.slice(0, k), origEnd: ends.slice(0, k) };
}

const BREAK_UNIT = String.fromCharCode(BREAK);

/** The definition of charStream, in three passes (normalize, classify, filter): what the fused charStream must equal. */
export function charStreamReference(text: string): CharStream {
  const normalized = normalize(text);
  return streamOf(normalized, classifyUnits(normalized.text));
}

// charStream walks the original text once. A unit whose table entry says "alone it normalizes to one unit" and that
// is not followed by a unit that may join its cluster is classified and kept or dropped on the spot; every other
// cluster goes through the cluster path of normalize and then unit by unit through the same decisions (`feed`).
// The decisions that look at neighbours in the NORMALIZED text are carried as state from unit to unit: whether the
// previous normalized unit was a digit ('%' after it is kept), a '.' after a digit waiting for the next unit (kept
// only if that is a digit), a high surrogate waiting for its low half (a pair is classified as one code point).

/**
 * Per BMP unit: unitTable's entry plus, for UNIT_SIMPLE units, the class of the unit it maps to; PLAIN when that
 * class is decided without looking at neighbours (Han and Other are kept, Drop is dropped), and then KEEP_PLAIN
 * when it is kept. 0 = not yet known.
 */
const streamTable = new Int32Array(0x10000);
const CLASS_SHIFT = 24;
const CLASS_MASK = 7;
const KEEP_SHIFT = 28;
const KEEP_PLAIN = 1 << KEEP_SHIFT;
const PLAIN = 1 << 29;
/** A PLAIN unit that is clause punctuation. */
const BREAK_PLAIN = 1 << 30;
function learnStreamUnit(unit: number): number {
  let entry = unitTable[unit];
  if (entry === 0) entry = learnUnit(unit);
  if ((entry & UNIT_SIMPLE) !== 0) {
    const cls = classOf(entry & 0xffff);
    entry |= cls << CLASS_SHIFT;
    if (cls === CharClass.Han || cls === CharClass.Other) entry |= PLAIN | KEEP_PLAIN;
    else if (cls === CharClass.Drop) entry |= PLAIN;
    else if (cls === CharClass.Break) entry |= PLAIN | BREAK_PLAIN;
  }
  streamTable[unit] = entry;
  return entry;
}
function streamEntry(text: string, i: number): number {
  const entry = streamTable[text.charCodeAt(i)];
  return entry !== 0 ? entry : learnStreamUnit(text.charCodeAt(i));
}

const NO_PENDING = 0;
const PENDING_DOT = 1;
const PENDING_HIGH = 2;

/** Output and neighbour state, shared by the fast loop (which keeps it in locals) and the cluster path. */
class StreamState extends Output {
  prevDigit = false;
  pending = NO_PENDING;
  /** Span of the pending '.' or the pending high surrogate; pendingUnit is the latter's unit. */
  pendingStart = 0;
  pendingEnd = 0;
  pendingUnit = 0;
  /** A clause break is owed before the next kept unit (none before the first), with its punctuation's span. */
  brk = false;
  brkStart = 0;
  brkEnd = 0;

  /** Pushes a kept unit, after the BREAK owed before it. */
  push(unit: number, start: number, end: number): void {
    if (this.brk) {
      this.brk = false;
      this.units[this.length] = BREAK;
      this.starts[this.length] = this.brkStart;
      this.ends[this.length] = this.brkEnd;
      this.length++;
    }
    this.units[this.length] = unit;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  /** Clause punctuation at [start, end): a BREAK is owed, unless nothing was kept yet or one is owed already. */
  punctuation(start: number, end: number): void {
    if (this.brk || this.length === 0) return;
    this.brk = true;
    this.brkStart = start;
    this.brkEnd = end;
  }

  /** One normalized unit that came from the original span [start, end): the general (slow) decision. */
  feed(unit: number, start: number, end: number): void {
    if (this.pending === PENDING_HIGH) {
      this.pending = NO_PENDING;
      if (unit >= 0xdc00 && unit <= 0xdfff) {
        const high = this.pendingUnit;
        const cls = classOf(((high - 0xd800) << 10) + (unit - 0xdc00) + 0x10000);
        if (cls === CharClass.Break) this.punctuation(this.pendingStart, end);
        else if (cls !== CharClass.Drop) {
          this.push(high, this.pendingStart, this.pendingEnd);
          this.push(unit, start, end);
        }
        this.prevDigit = cls === CharClass.Digit;
        return;
      }
      // A lone high surrogate: dropped, and this unit is decided on its own.
    }
    if (unit >= 0xd800 && unit <= 0xdbff) {
      // A '.' waiting before it is a full stop: a surrogate is no digit.
      if (this.pending === PENDING_DOT) this.punctuation(this.pendingStart, this.pendingEnd);
      this.pending = PENDING_HIGH;
      this.pendingUnit = unit;
      this.pendingStart = start;
      this.pendingEnd = end;
      this.prevDigit = false;
      return;
    }
    const cls = classOf(unit); // a lone low surrogate is Drop
    if (cls === CharClass.Digit) {
      if (this.pending === PENDING_DOT) this.push(0x2e, this.pendingStart, this.pendingEnd);
      this.pending = NO_PENDING;
      this.push(unit, start, end);
      this.prevDigit = true;
      return;
    }
    // A '.' after a digit not followed by one is a full stop.
    if (this.pending === PENDING_DOT) this.punctuation(this.pendingStart, this.pendingEnd);
    this.pending = NO_PENDING;
    if (cls === CharClass.Dot) {
      if (this.prevDigit) {
        this.pending = PENDING_DOT;
        this.pendingStart = start;
        this.pendingEnd = end;
      } else this.punctuation(start, end);
    } else if (cls === CharClass.Break) {
      this.punctuation(start, end);
    } else if (cls === CharClass.Han || cls === CharClass.Other || (cls === CharClass.Percent && this.prevDigit)) {
      this.push(unit, start, end);
    }
    this.prevDigit = false;
  }
}

const scratchState = new StreamState(1024);
let state = scratchState;

/** The cluster starting at `i` through the general path; returns where the next cluster starts. */
function slowCluster(text: string, i: number): number {
  const end = clusterEnd(text, i);
  const folded = foldClusterAt(text, i, end);
  // Every unit of the rest of the text may still be kept, with a BREAK before each: room for all of them.
  state.reserve(2 * (folded.length + 1 + (text.length - end)));
  for (let k = 0; k < folded.length; k++) state.feed(folded.charCodeAt(k), i, end);
  return end;
}

/** normalize + classify + keep the indexable units, in one pass: equal to charStreamReference(text), unit for unit. */
export function charStream(text: string): CharStream {
  const view = charStreamView(text);
  return { chars: view.chars, origStart: view.origStart.slice(), origEnd: view.origEnd.slice() };
}

/**
 * charStream(text) whose origStart/origEnd are views of this module's scratch buffers, valid only until the next
 * charStream or charStreamView call: for readers that look up a few offsets at once (snippets, highlighting) and
 * would otherwise pay for two fresh arrays the size of the text.
 */
export function charStreamView(text: string): CharStream {
  const n = text.length;
  // A huge text gets its own buffers, so that the scratch does not keep its size for the life of the process.
  const s = (state = n > SCRATCH_LIMIT ? new StreamState(1024) : scratchState);
  s.length = 0;
  s.prevDigit = false;
  s.pending = NO_PENDING;
  s.brk = false;
  // Kept units, a BREAK between each two, and one unit past the text (see the PLAIN branch).
  s.reserve(2 * n + 1);
  let units = s.units;
  let starts = s.starts;
  let ends = s.ends;
  let length = 0;
  let prevDigit = false;
  let pending = NO_PENDING;
  let pendingStart = 0;
  let pendingEnd = 0;
  let brk = false;
  let brkStart = 0;
  let brkEnd = 0;
  // `entry` is the table entry of the unit at i, carried over from the previous step's look at its next unit.
  let entry = n > 0 ? streamEntry(text, 0) : 0;
  for (let i = 0; i < n; ) {
    const next = i + 1 < n ? streamEntry(text, i + 1) : 0;
    if ((entry & UNIT_SIMPLE) !== 0 && (next & UNIT_MAY_JOIN) === 0) {
      // The fast path: one unit, normalized to one non-surrogate unit, decided here (as StreamState.feed would).
      if (pending === PENDING_DOT && ((entry & PLAIN) !== 0 || ((entry >>> CLASS_SHIFT) & CLASS_MASK) !== CharClass.Digit)) {
        // A '.' after a digit and not before one: a full stop (a BREAK is owed; something was kept before it).
        pending = NO_PENDING;
        if (!brk) {
          brk = true;
          brkStart = pendingStart;
          brkEnd = pendingEnd;
        }
      }
      if ((entry & PLAIN) !== 0) {
        pending = NO_PENDING;
        prevDigit = false;
        if ((entry & BREAK_PLAIN) !== 0) {
          if (!brk && length > 0) {
            brk = true;
            brkStart = i;
            brkEnd = i + 1;
          }
        } else {
          // Kept or dropped alike, without a branch on which (text mixes them unpredictably): written, and counted
          // only when kept (the buffers have room for one unit past the text). An owed BREAK goes first when kept.
          const keep = (entry >>> KEEP_SHIFT) & 1;
          if (brk && keep !== 0) {
            brk = false;
            units[length] = BREAK;
            starts[length] = brkStart;
            ends[length] = brkEnd;
            length++;
          }
          units[length] = entry & 0xffff;
          starts[length] = i;
          ends[length] = i + 1;
          length += keep;
        }
      } else {
        const cls = (entry >>> CLASS_SHIFT) & CLASS_MASK;
        if (cls === CharClass.Digit) {
          if (pending === PENDING_DOT) {
            units[length] = 0x2e;
            starts[length] = pendingStart;
            ends[length] = pendingEnd;
            length++;
          } else if (brk) {
            units[length] = BREAK;
            starts[length] = brkStart;
            ends[length] = brkEnd;
            length++;
          }
          brk = false;
          pending = NO_PENDING;
          units[length] = entry & 0xffff;
          starts[length] = i;
          ends[length] = i + 1;
          length++;
          prevDigit = true;
        } else if (cls === CharClass.Dot) {
          pending = NO_PENDING;
          if (prevDigit) {
            pending = PENDING_DOT;
            pendingStart = i;
            pendingEnd = i + 1;
          } else if (!brk && length > 0) {
            brk = true;
            brkStart = i;
            brkEnd = i + 1;
          }
          prevDigit = false;
        } else {
          // Percent (Han, Other, Drop and Break took the branch above): kept after a digit, when no BREAK is owed
          // (a digit was the last thing seen, so none is).
          pending = NO_PENDING;
          if (prevDigit) {
            units[length] = entry & 0xffff;
            starts[length] = i;
            ends[length] = i + 1;
            length++;
          }
          prevDigit = false;
        }
      }
      i++;
      entry = next;
      continue;
    }
    // Anything else: hand the state over to the general path for this one cluster, and take it back.
    s.length = length;
    s.prevDigit = prevDigit;
    s.pending = pending;
    if (pending === PENDING_DOT) {
      s.pendingStart = pendingStart;
      s.pendingEnd = pendingEnd;
    }
    s.brk = brk;
    s.brkStart = brkStart;
    s.brkEnd = brkEnd;
    i = slowCluster(text, i);
    length = s.length;
    prevDigit = s.prevDigit;
    pending = s.pending;
    pendingStart = s.pendingStart;
    pendingEnd = s.pendingEnd;
    brk = s.brk;
    brkStart = s.brkStart;
    brkEnd = s.brkEnd;
    units = s.units;
    starts = s.starts;
    ends = s.ends;
    entry = i < n ? streamEntry(text, i) : 0;
  }
  // A '.' or high surrogate still pending at the end has no digit / low half after it: dropped, as is an owed BREAK.
  return { chars: unitsToString(units, length), origStart: starts.subarray(0, length), origEnd: ends.subarray(0, length) };
}

/** charStream(text).chars, for queries and oracles. */
export function streamText(text: string): string {
  return charStreamView(text).chars;
}
