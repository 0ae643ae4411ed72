// The printed-page and section filters: a segment's document columns and the label or name asked for in → which of
// a match set's documents are on that page or in that section.
//
// Exact after normalization: NFKC, lower case, Traditional → Simplified, spacing trimmed; a page label also loses a
// 第…版 around it and the leading zeros of its number, so that 3, 03, ０３ and 第03版 all find page 03, and a03 finds
// A03 (but A03 is not 03: the edition letter is part of the page).
import { normalizeText } from '../analyze/index.js';
import type { DocColumns } from '../format/doc-columns.js';
import type { DictionaryColumn } from '../format/record-columns.js';
import type { ResolvedOptions } from './search-options.js';

/** A page label as the filter compares it. */
export function pageKey(label: string): string {
  const text = normalizeText(label).trim().replace(/\s+/g, '');
  const bare = /^第(.+)版$/.exec(text)?.[1] ?? text;
  return bare.replace(/\d+/g, (digits) => String(Number(digits)));
}

/** A section name as the filter compares it. */
export function sectionKey(name: string): string {
  return normalizeText(name).trim().replace(/\s+/g, ' ');
}

/** The codes of a dictionary column whose value has the key asked for. */
function codesOf(column: DictionaryColumn, key: string, keyOf: (value: string) => string): Set<number> {
  const codes = new Set<number>();
  for (let code = 0; code < column.table.length; code++) if (keyOf(column.table.get(code)) === key) codes.add(code);
  return codes;
}

/** The documents of `docs` (ascending) on the page and in the section the options ask for; `docs` itself when they ask neither. */
export function filterPrinted(columns: DocColumns, docs: Int32Array, opts: Pick<ResolvedOptions, 'printPage' | 'section'>): Int32Array {
  const tests: Array<(doc: number) => boolean> = [];
  if (opts.printPage !== null) {
    const codes = codesOf(columns.pageLabels, pageKey(opts.printPage), pageKey);
    tests.push((doc) => codes.has(columns.pageLabels.code(doc)));
  }
  if (opts.section !== null) {
    const codes = codesOf(columns.printed.sections, sectionKey(opts.section), sectionKey);
    tests.push((doc) => codes.has(columns.printed.sections.code(doc)));
  }
  if (tests.length === 0) return docs;
  return docs.filter((doc) => tests.every((test) => test(doc)));
}
