// suggest.bin, both ways: a segment's suggestion entries in → the file's bytes, with the search structures built
// (the Han pair index, the entries in text order, the entries with Latin words); the file → those, verified, as typed
// arrays read straight from it. A server process loads them without tokenizing a text (docs/INDEX_FORMAT.md).
import { BaosouError, type ErrorCode } from '../errors.js';
import { encodeIndexFile, IndexFile, type SectionData } from '../format/index-file.js';
import { encodeSparseStrings, encodeStrings, StringColumn } from '../format/string-column.js';
import { HanPairIndex } from './han-index.js';
import { CODE_OF_KIND, KIND_CODES, SUGGEST_KIND, SUGGEST_VERSION, type SuggestEntries } from './suggest-format.js';
import { latinIndexTokens } from './suggest-tokens.js';

/** One segment's suggestions as the file holds them: the entries and the structures searched over them. */
export interface SegmentSuggestions {
  entries: SuggestEntries;
  han: HanPairIndex;
  /** Entry numbers in JS string order of their normalized texts ("starts with" is a binary search). */
  sorted: Int32Array;
  /** The entries holding a Latin or digit word (the MiniSearch index is built over them as a process loads). */
  latin: Int32Array;
}

/** The structures over `entries`, built in this process (the build does it once; tests compare with the file's). */
export function searchStructures(entries: SuggestEntries): SegmentSuggestions {
  const { normalized } = entries;
  const sorted = textOrder(normalized);
  const latin = Int32Array.from(normalized.flatMap((n, entry) => (latinIndexTokens(n).length > 0 ? [entry] : [])));
  return { entries, han: HanPairIndex.build(normalized), sorted, latin };
}

/** Entry numbers in JS string order of their normalized texts. */
export function textOrder(normalized: readonly string[]): Int32Array {
  return Int32Array.from(normalized.keys()).sort((a, b) => (normalized[a] < normalized[b] ? -1 : normalized[a] > normalized[b] ? 1 : 0));
}

/** The bytes of suggest.bin for `entries`; `digest`: the analyzer's, as every index file carries it. */
export function encodeSuggestFile(entries: SuggestEntries, digest: Uint8Array): Buffer {
  const { han, sorted, latin } = searchStructures(entries);
  const text = encodeStrings(entries.text);
  const normalized = encodeSparseStrings(entries.normalized.map((n, i) => (n === entries.text[i] ? null : n)));
  const ids = encodeSparseStrings(entries.ids.map((id) => id ?? null));
  const sections: Array<[string, SectionData]> = [
    ['SVER', Uint32Array.of(SUGGEST_VERSION)],
    ['TXOF', text.offsets],
    ['TEXT', text.blob],
    ['NMIX', normalized.docs],
    ['NMOF', normalized.offsets],
    ['NORM', normalized.blob],
    ['KIND', Buffer.from(entries.kinds.map((k) => CODE_OF_KIND[k]).join(''), 'latin1')],
    ['CONT', Uint32Array.from(entries.counts)],
    ['IDIX', ids.docs],
    ['IDOF', ids.offsets],
    ['IDS_', ids.blob],
    ['SORT', sorted],
    ['HKEY', han.arrays.keys],
    ['HSTA', han.arrays.starts],
    ['HENT', han.arrays.entries],
    ['LATN', latin],
  ];
  return encodeIndexFile(SUGGEST_KIND, digest, sections);
}

/** The codes an index file's errors take when the file is the suggestion file. */
const SUGGEST_CODE: Partial<Record<ErrorCode, ErrorCode>> = {
  BAOSOU_INDEX_MISSING: 'BAOSOU_SUGGEST_MISSING',
  BAOSOU_INDEX_TRUNCATED: 'BAOSOU_SUGGEST_CORRUPT',
  BAOSOU_INDEX_CORRUPT: 'BAOSOU_SUGGEST_CORRUPT',
  BAOSOU_INDEX_VERSION: 'BAOSOU_SUGGEST_VERSION',
};

/** Reads and verifies suggest.bin at `path` (CRC32, analyzer, version, every column's shape). */
export function readSuggestFile(path: string, digest: Uint8Array): SegmentSuggestions {
  return decodeSuggestFile(path, () => IndexFile.read(path, SUGGEST_KIND, digest));
}

/** Verifies and decodes the bytes of a suggestion file (`path` names it in errors). */
export function suggestFromBytes(path: string, bytes: Buffer, digest: Uint8Array): SegmentSuggestions {
  return decodeSuggestFile(path, () => IndexFile.verify(path, bytes, SUGGEST_KIND, digest));
}

function decodeSuggestFile(path: string, open: () => IndexFile): SegmentSuggestions {
  let file: IndexFile;
  try {
    file = open();
  } catch (error) {
    const code = error instanceof BaosouError ? SUGGEST_CODE[error.code] : undefined;
    if (code) throw new BaosouError(code, (error as Error).message.replace(/^BAOSOU_\w+: /, ''), { cause: error });
    throw error;
  }
  const corrupt = (what: string) => new BaosouError('BAOSOU_SUGGEST_CORRUPT', `${path}: ${what}; rebuild the index.`);
  const version = file.u32('SVER')[0];
  if (version !== SUGGEST_VERSION) throw new BaosouError('BAOSOU_SUGGEST_VERSION', `${path}: the suggestion file has version ${version}, this baosou reads version ${SUGGEST_VERSION}; rebuild the index.`);
  const textOffsets = file.u32('TXOF');
  const n = textOffsets.length - 1;
  const kindBytes = file.bytes('KIND');
  const counts = file.u32('CONT');
  const sorted = file.i32('SORT');
  const latin = file.i32('LATN');
  const keys = file.u32('HKEY');
  const starts = file.i32('HSTA');
  const postings = file.i32('HENT');
  const normalizedAt = file.u32('NMIX');
  const idAt = file.u32('IDIX');
  if (n < 0 || kindBytes.length !== n || counts.length !== n || sorted.length !== n || starts.length !== keys.length + 1 || starts[keys.length] !== postings.length) {
    throw corrupt('the suggestion file has inconsistent entry columns');
  }
  if (!inRange(latin, n) || !inRange(postings, n) || !inRange(sorted, n) || !inRange(normalizedAt, n) || !inRange(idAt, n)) throw corrupt('the suggestion file names entries it does not have');
  const texts = new StringColumn(textOffsets, file.bytes('TEXT'));
  const text = new Array<string>(n);
  for (let i = 0; i < n; i++) text[i] = texts.get(i);
  const normalized = text.slice();
  const normalizedTexts = new StringColumn(file.u32('NMOF'), file.bytes('NORM'));
  const idTexts = new StringColumn(file.u32('IDOF'), file.bytes('IDS_'));
  if (normalizedTexts.length !== normalizedAt.length || idTexts.length !== idAt.length) throw corrupt('the suggestion file has inconsistent entry columns');
  for (let k = 0; k < normalizedAt.length; k++) normalized[normalizedAt[k]] = normalizedTexts.get(k);
  const ids = new Array<string | undefined>(n).fill(undefined);
  for (let k = 0; k < idAt.length; k++) ids[idAt[k]] = idTexts.get(k);
  const kinds = Array.from(kindBytes, (code) => KIND_CODES[String.fromCharCode(code)]);
  if (kinds.some((k) => !k)) throw corrupt('the suggestion file has an entry of no known kind');
  return { entries: { text, normalized, kinds, counts: Array.from(counts), ids }, han: new HanPairIndex({ keys, starts, entries: postings }, n), sorted, latin };
}

/** Every value is an entry number below n. */
function inRange(values: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < values.length; i++) if (!(values[i] >= 0 && values[i] < n)) return false;
  return true;
}
