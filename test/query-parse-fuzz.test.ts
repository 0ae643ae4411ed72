// Hostile and random input: the parser never throws, its output stays bounded, and every tree is well-formed.
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { describeQuery, MAX_CLAUSES, MAX_QUERY_LENGTH, parseQuery, type QueryNode } from '../dist/src/query/parse-query.js';
import { prng } from './support/corpus.js';

const PIECES = [
  '"', '“', '”', '「', '」', '『', '』', '＂', '(', ')', '（', '）', '|', '｜', '||', '-', '－', '--',
  'OR', 'AND', 'NOT', 'or', 'title:', 'TITLE:', '标题：', '標題:', 'author:', '作者:', 'xyz:', ':', '：',
  ' ', ' ', ' ', '\u3000', '\t', '\n', '\r\n',
  '桐庐', '快递', '習近平', 'C919', 'Ｃ９１９', 'a', '1', '10:30', '6.95%', '王珊婷',
  '\uD800', '\uDC00', '\uDBFF\uDFFF', '😀', '👩‍👩‍👧', '𠀀', '\u202E', '\u200F', '\u200B', '\uFEFF', '\u0000', '\u0007', '\u0085',
  '<script>', '</script>', '&amp;', '.*', '\\', '$1', "'; DROP TABLE x; --", '%', '?', '[', ']', '{', '}', '^', '+',
];

function randomQuery(rand: () => number, pieces: number): string {
  let s = '';
  for (let i = 0; i < pieces; i++) {
    if (rand() < 0.1) s += String.fromCharCode(Math.floor(rand() * 0x10000)); // any UTF-16 unit at all
    else s += PIECES[Math.floor(rand() * PIECES.length)];
  }
  return s;
}

const SEARCHABLE = /[\p{L}\p{N}]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A plain assertion: expect() per node would dominate the run time of 10,000 parses. */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

/** Checks the invariants parse-query.ts promises; returns the number of leaves. */
function checkTree(node: QueryNode, parent: QueryNode['kind'] | 'root'): number {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      check(node.field === 'any' || node.field === 'title', `field ${node.field}`);
      check(SEARCHABLE.test(node.text), `${node.kind} without letter or digit: ${node.text}`);
      check(!LONE_SURROGATE.test(node.text), `lone surrogate in ${node.kind}`);
      check(node.kind === 'phrase' || !/\s/.test(node.text), `space in term ${node.text}`);
      return 1;
    case 'author':
      check(SEARCHABLE.test(node.name), `author without letter or digit: ${node.name}`);
      return 1;
    case 'not':
      check(parent === 'and', `not under ${parent}`);
      check(node.child.kind !== 'not', 'not of not');
      check(node.child.kind !== 'and' || node.child.children.some((c) => c.kind !== 'not'), 'not of only exclusions');
      return checkTree(node.child, 'not');
    case 'or':
    case 'and': {
      check(node.children.length >= 2, `${node.kind} with ${node.children.length} children`);
      for (const c of node.children) check(c.kind !== node.kind, `${node.kind} inside ${node.kind}`);
      if (node.kind === 'or') check(node.children.every((c) => c.kind !== 'not'), 'not as an OR alternative');
      else check(node.children.some((c) => c.kind !== 'not'), 'and of only exclusions');
      return node.children.reduce((n, c) => n + checkTree(c, node.kind), 0);
    }
  }
}

function checkParse(input: string): void {
  const parsed = parseQuery(input);
  check(Array.isArray(parsed.warnings) && parsed.warnings.length <= 20, 'warnings: an array of at most 20');
  for (const w of parsed.warnings) check(typeof w === 'string', 'warning is a string');
  if (parsed.root === null) return;
  check(parsed.root.kind !== 'not', 'root is a not');
  check(checkTree(parsed.root, 'root') <= MAX_CLAUSES, 'too many clauses');
  const text = describeQuery(parsed.root);
  // Bounded: the kept input plus at most a prefix and two quotes per clause and an operator between clauses.
  check(text.length <= MAX_QUERY_LENGTH + MAX_CLAUSES * 16, `description of ${text.length} characters`);
  // Round trip, where the canonical form fits the length limit (a field on a group is repeated on each clause).
  if (text.length <= MAX_QUERY_LENGTH) check(isDeepStrictEqual(parseQuery(text).root, parsed.root), `round trip of ${text}`);
}

describe('parseQuery on hostile input', () => {
  it('never throws and always returns a well-formed, bounded tree for 10,000 random strings', () => {
    const rand = prng(20240611);
    for (let i = 0; i < 10_000; i++) {
      const input = i % 100 === 0 ? randomQuery(rand, 2_500).slice(0, 10_000) : randomQuery(rand, 1 + Math.floor(rand() * 40));
      try {
        checkParse(input);
      } catch (err) {
        throw new Error(`input #${i} ${JSON.stringify(input.slice(0, 200))}: ${(err as Error).message}`);
      }
    }
  }); // no timing assertion: a loaded 2-core CI machine may be slow

  it('copes with 10,000 characters of one syntax character', () => {
    for (const ch of ['(', ')', '"', '“', '-', '|', ':', '\uD800', '\u202E', '😀', 'OR ', 'title:', '桐']) checkParse(ch.repeat(10_000));
  });

  it('copes with input far longer than MAX_QUERY_LENGTH without reading it all', () => {
    const parsed = parseQuery('(桐庐 '.repeat(1_000_000));
    expect(describeQuery(parsed.root)).toBe('桐庐');
  });

  it('treats a non-string (from untyped callers) as an empty query', () => {
    expect(parseQuery(undefined as unknown as string)).toEqual({ root: null, warnings: [] });
  });
});
