// planQuery: a query tree in → a plan of units (strings that must occur), cut with the index's own analyzer.
import { normalizeText, streamText, type Analyzer } from '../analyze/index.js';
import type { QueryNode } from '../query/parse-query.js';
import { isStopWord } from '../query/stop-words.js';

/** The smallest thing matched: a string that must occur (as a substring of the indexable text). */
export interface Unit {
  /** Indexable characters to find contiguously (character path). */
  readonly stream: string;
  /** The jieba word looked up on the word path, when the unit is one word. */
  readonly word: string | null;
  /** A quoted phrase: every occurrence counts fully. */
  readonly phrase: boolean;
  readonly titleOnly: boolean;
}

export type Plan =
  | { kind: 'unit'; unit: Unit }
  | { kind: 'author'; name: string }
  | { kind: 'and'; children: Plan[] }
  | { kind: 'or'; children: Plan[] }
  | { kind: 'not'; child: Plan };

type Piece = 'single' | 'number' | 'word';

/** A single CJK character, a Latin/digit run, or a longer word. */
function pieceOf(word: string): Piece {
  const stream = streamText(word);
  if (/^[\p{N}a-z.%]+$/u.test(stream)) return 'number';
  return [...stream].length === 1 ? 'single' : 'word';
}

/** Pieces that read as one thing when adjacent: a run of single characters (再/冬), a number and its unit (2024/年, 第/22/届). */
function glues(previous: Piece, next: Piece): boolean {
  return (previous === 'single' && next !== 'word') || (previous === 'number' && next === 'single');
}

/**
 * Cuts an unquoted term into units, each of which must occur. Words are required one by one. Single characters
 * jieba left alone are glued to an adjacent single character or number (再冬, 2024年, 第22届 must occur as
 * written); a lone single character between longer words (the 去 of 出发去南非, the 讲 of 讲了什么) is dropped when
 * other units remain — it would match almost every article. Question and function words are dropped likewise.
 */
export function termUnits(text: string, analyzer: Analyzer, titleOnly: boolean): Unit[] {
  const words = analyzer.words(text).filter((w) => streamText(w).length > 0);
  const allStop = words.every((w) => isStopWord(w));
  const groups: Array<{ words: string[]; last: Piece }> = [];
  let current: { words: string[]; last: Piece } | null = null;
  for (const word of words) {
    if (!allStop && isStopWord(word)) {
      current = null;
      continue;
    }
    const piece = pieceOf(word);
    if (current && glues(current.last, piece)) {
      current.words.push(word);
      current.last = piece;
    } else groups.push((current = { words: [word], last: piece }));
  }
  const meaningful = groups.filter((g) => g.words.length > 1 || g.last !== 'single');
  return (meaningful.length > 0 ? meaningful : groups).map((group) => ({
    stream: group.words.map(streamText).join(''),
    word: group.words.length === 1 ? normalizeText(group.words[0]) : null,
    phrase: false,
    titleOnly,
  }));
}

export function planQuery(node: QueryNode, analyzer: Analyzer): Plan | null {
  switch (node.kind) {
    case 'term': {
      const units = termUnits(node.text, analyzer, node.field === 'title');
      if (units.length === 0) return null;
      return units.length === 1 ? { kind: 'unit', unit: units[0] } : { kind: 'and', children: units.map((unit) => ({ kind: 'unit', unit })) };
    }
    case 'phrase': {
      const stream = streamText(node.text);
      if (stream.length === 0) return null;
      return { kind: 'unit', unit: { stream, word: null, phrase: true, titleOnly: node.field === 'title' } };
    }
    case 'author': {
      const name = normalizeText(node.name).trim();
      return name ? { kind: 'author', name } : null;
    }
    case 'not': {
      const child = planQuery(node.child, analyzer);
      return child ? { kind: 'not', child } : null;
    }
    case 'and':
    case 'or': {
      const children = node.children.map((c) => planQuery(c, analyzer)).filter((c): c is Plan => c !== null);
      if (children.length === 0) return null;
      if (children.length === 1) return children[0];
      // Flatten nested ANDs (a term cut into several words inside an AND) so each unit is a required part.
      const flat = node.kind === 'and' ? children.flatMap((c) => (c.kind === 'and' ? c.children : [c])) : children;
      return { kind: node.kind, children: flat };
    }
  }
}

/** Units that contribute to ranking and highlighting (not those under a NOT). */
export function positiveUnits(plan: Plan | null): Unit[] {
  if (!plan) return [];
  switch (plan.kind) {
    case 'unit':
      return [plan.unit];
    case 'author':
    case 'not':
      return [];
    default:
      return plan.children.flatMap(positiveUnits);
  }
}

/** The top-level required parts of a plan: what a partial match may satisfy only some of. */
export function requiredParts(plan: Plan): Plan[] {
  return plan.kind === 'and' ? plan.children.filter((c) => c.kind !== 'not' && c.kind !== 'author') : [plan];
}

export function unitKey(unit: Unit): string {
  // Asked of every unit in every segment of a query: made once per unit.
  let key = unitKeys.get(unit);
  if (key === undefined) unitKeys.set(unit, (key = `${unit.phrase ? 'p' : 'w'}${unit.titleOnly ? 't' : 'a'}:${unit.stream}:${unit.word ?? ''}`));
  return key;
}

const unitKeys = new WeakMap<Unit, string>();
