// The indexable character stream: what the character path indexes and what phrase queries match against.
import { CharClass, classifyUnits } from './char-class.js';
import { normalize, type Normalized } from './normalize.js';

/**
 * The "indexable character stream": the normalized text with only indexable code units kept — letters, digits and
 * combining marks (\p{L}\p{N}\p{M}, CJK included), plus '.' when it stands between two digits and '%' right after a
 * digit (so "9.2%" and "6.95" keep their meaning). Spaces, punctuation and symbols are dropped, so that a phrase such as
 * 缩小三大差距 matches the printed 缩小“三大差距”. origStart/origEnd as in Normalized, per kept code unit.
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
  for (let i = 0; i < n; i++) if (classes[i] !== CharClass.Drop) kept++;
  if (kept === n) return { chars: text, origStart, origEnd };
  const starts = new Int32Array(kept);
  const ends = new Int32Array(kept);
  const parts: string[] = [];
  let k = 0;
  let runStart = -1;
  for (let i = 0; i < n; i++) {
    if (classes[i] === CharClass.Drop) {
      if (runStart >= 0) parts.push(text.slice(runStart, i));
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = i;
    starts[k] = origStart[i];
    ends[k] = origEnd[i];
    k++;
  }
  if (runStart >= 0) parts.push(text.slice(runStart));
  return { chars: parts.join(''), origStart: starts, origEnd: ends };
}

export function charStream(text: string): CharStream {
  const normalized = normalize(text);
  return streamOf(normalized, classifyUnits(normalized.text));
}

/** charStream(text).chars, for queries and oracles. */
export function streamText(text: string): string {
  return charStream(text).chars;
}
