// mergeWordFiles: the sources' words.bin and the merged document order in → the merged words.bin, streamed term by
// term (postings decoded, renumbered, merged by document, re-coded under the merged document frequency, skip tables
// rebuilt), each
// document's keyword candidates, and the terms suggestions may use.
import { join } from 'node:path';
import { BitWriter } from '../format/bit-stream.js';
import { INDEX_FILES } from '../format/generation.js';
import { IndexFileWriter } from '../format/index-file-writer.js';
import { BlockedItems, BlockedWriter } from '../format/key-directory.js';
import { StringColumn } from '../format/string-column.js';
import { ByteWriter } from '../format/varint.js';
import { decodeWordPostings, WordDataWriter, writeWordPostings } from '../format/word-postings.js';
import { MAX_SUGGEST_TERMS, MIN_TERM_DF } from '../suggest/index.js';
import { isKeywordCandidate, KeywordPicker } from './keywords.js';
import type { MergedOrder } from './merge-order.js';

export interface MergedWordFile {
  file: { bytes: number; sha256: string };
  /** Distinct terms, and each one's document frequency by term id. */
  terms: number;
  df: Uint32Array;
  keywords: KeywordPicker;
  /** Terms with their document frequency, at least those buildSuggestions keeps. */
  suggestTerms: Array<{ term: string; df: number }>;
}

interface WordSource {
  terms: StringColumn;
  df: Uint32Array;
  data: BlockedItems;
  count: number;
  newDoc: Int32Array;
  next: number;
}

/** Terms a suggestion list can use, pruned to the best MAX_SUGGEST_TERMS whenever it grows large. */
class SuggestTerms {
  list: Array<{ term: string; df: number }> = [];

  offer(term: string, df: number): void {
    if (df < MIN_TERM_DF) return;
    this.list.push({ term, df });
    if (this.list.length >= 4 * MAX_SUGGEST_TERMS) this.prune();
  }

  /** Keeps what buildSuggestions' own filter and order would keep first; the rest can never be among them. */
  prune(): void {
    this.list = this.list
      .filter((t) => [...t.term].length >= 2 && /\p{L}/u.test(t.term))
      .sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
      .slice(0, MAX_SUGGEST_TERMS);
  }
}

export function mergeWordFiles(order: MergedOrder, outDir: string, digest: Uint8Array): MergedWordFile {
  const n = order.count;
  const sources: WordSource[] = order.sources.map((s) => {
    const file = s.words();
    const df = file.u32('TMDF');
    return { terms: new StringColumn(file.u32('TMOF'), file.bytes('TMBL')), df, data: new BlockedItems(file.bytes('POST'), file.u32('PBLK'), df.length), count: df.length, newDoc: s.newDoc, next: 0 };
  });
  const writer = new IndexFileWriter(join(outDir, INDEX_FILES.words.name), INDEX_FILES.words.kind, digest, ['TMOF', 'TMBL', 'TMDF', 'PBLK', 'POST']);
  const post = writer.stream('POST');
  const blocks = new BlockedWriter((bytes) => post.write(bytes), 'word postings');
  const termBytes = new ByteWriter(1 << 20);
  const termOffsets: number[] = [0];
  const dfs: number[] = [];
  const keywords = new KeywordPicker(n);
  const suggest = new SuggestTerms();
  const bits = new BitWriter(1 << 16);
  const words = new WordDataWriter(bits);
  // Merged postings of one term, by document.
  let docs = new Int32Array(1024);
  let title = new Uint32Array(1024);
  let authors = new Uint32Array(1024);
  let body = new Uint32Array(1024);
  const current = sources.map((s) => (s.count > 0 ? s.terms.get(0) : null));
  try {
    for (;;) {
      let smallest: string | null = null;
      for (const term of current) if (term !== null && (smallest === null || term < smallest)) smallest = term;
      if (smallest === null) break;
      const lists = [];
      for (let s = 0; s < sources.length; s++) {
        if (current[s] !== smallest) continue;
        const source = sources[s];
        const local = source.next;
        lists.push({ postings: decodeWordPostings(source.data.bytes, source.data.start(local), source.df[local], source.newDoc.length), newDoc: source.newDoc, at: 0 });
        source.next++;
        current[s] = source.next < source.count ? source.terms.get(source.next) : null;
      }
      const total = lists.reduce((m, l) => m + l.postings.docs.length, 0);
      if (total > docs.length) {
        const size = Math.max(total, docs.length * 2);
        docs = new Int32Array(size);
        title = new Uint32Array(size);
        authors = new Uint32Array(size);
        body = new Uint32Array(size);
      }
      // Each source's renumbered list ascends: a k-way merge by new document, the left-out documents dropped.
      let count = 0;
      for (;;) {
        let best = -1;
        let bestDoc = Infinity;
        for (let l = 0; l < lists.length; l++) {
          const list = lists[l];
          while (list.at < list.postings.docs.length && list.newDoc[list.postings.docs[list.at]] < 0) list.at++;
          if (list.at < list.postings.docs.length) {
            const doc = list.newDoc[list.postings.docs[list.at]];
            if (doc < bestDoc) {
              bestDoc = doc;
              best = l;
            }
          }
        }
        if (best < 0) break;
        const { postings, at } = lists[best];
        docs[count] = bestDoc;
        title[count] = postings.title[at];
        authors[count] = postings.authors[at];
        body[count] = postings.body[at];
        count++;
        lists[best].at++;
      }
      if (count === 0) continue; // every document with the term was removed
      const id = dfs.length;
      dfs.push(count);
      termBytes.append(Buffer.from(smallest, 'utf8'));
      termOffsets.push(termBytes.length);
      bits.reset();
      writeWordPostings(words, { docs, title, authors, body }, count, n);
      bits.alignToByte();
      blocks.add(bits.result().slice());
      if (isKeywordCandidate(smallest)) for (let i = 0; i < count; i++) keywords.offer(docs[i], title[i] * 2 + body[i], id);
      suggest.offer(smallest, count);
    }
    writer.add('TMOF', Uint32Array.from(termOffsets));
    writer.add('TMBL', termBytes.result());
    const df = Uint32Array.from(dfs);
    writer.add('TMDF', df);
    writer.add('PBLK', blocks.finish());
    const file = writer.finish();
    suggest.prune();
    return { file, terms: df.length, df, keywords, suggestTerms: suggest.list };
  } catch (error) {
    writer.abandon();
    throw error;
  }
}
