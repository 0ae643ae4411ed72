// Hostile and random input: the parser never throws, its output stays bounded, and every tree is well-formed.
import { describe, expect, it } from 'vitest';
import { describeQuery, MAX_CLAUSES, MAX_QUERY_LENGTH, parseQuery, type QueryNode } from '../dist/src/query/parse-query.js';

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** Checks the invariants parse-query.ts promises; returns the number of leaves. */
function checkTree(node: QueryNode, parent: QueryNode['kind'] | 'root'): number {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      expect(['any', 'title']).toContain(node.field);
      expect(node.text).toMatch(SEARCHABLE);
      expect(node.text).not.toMatch(LONE_SURROGATE);
      if (node.kind === 'term') expect(node.text).not.toMatch(/\s/);
      return 1;
    case 'author':
      expect(node.name).toMatch(SEARCHABLE);
      return 1;
    case 'not':
      expect(parent).toBe('and');
      expect(node.child.kind).not.toBe('not');
      if (node.child.kind === 'and') expect(node.child.children.some((c) => c.kind !== 'not')).toBe(true);
      return checkTree(node.child, 'not');
    case 'or':
      expect(node.children.length).toBeGreaterThanOrEqual(2);
      for (const c of node.children) expect(['not', 'or']).not.toContain(c.kind);
      return node.children.reduce((n, c) => n + checkTree(c, 'or'), 0);
    case 'and':
      expect(node.children.length).toBeGreaterThanOrEqual(2);
      expect(node.children.some((c) => c.kind !== 'not')).toBe(true);
      for (const c of node.children) expect(c.kind).not.toBe('and');
      return node.children.reduce((n, c) => n + checkTree(c, 'and'), 0);
  }
}

function checkParse(input: string): void {
  const parsed = parseQuery(input);
  expect(Array.isArray(parsed.warnings)).toBe(true);
  expect(parsed.warnings.length).toBeLessThanOrEqual(20);
  for (const w of parsed.warnings) expect(typeof w).toBe('string');
  if (parsed.root === null) return;
  expect(parsed.root.kind).not.toBe('not');
  expect(checkTree(parsed.root, 'root')).toBeLessThanOrEqual(MAX_CLAUSES);
  const text = describeQuery(parsed.root);
  // Bounded: the kept input plus at most a prefix and two quotes per clause and an operator between clauses.
  expect(text.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH + MAX_CLAUSES * 16);
  // Round trip, where the canonical form fits the length limit (a field on a group is repeated on each clause).
  if (text.length <= MAX_QUERY_LENGTH) expect(parseQuery(text).root).toEqual(parsed.root);
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
  });

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
