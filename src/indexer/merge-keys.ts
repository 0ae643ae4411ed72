// mergeKeyFiles: the sources' chars.bin and the merged document order in → the merged chars.bin, streamed key by key
// (postings and positions decoded, renumbered, merged by document, re-coded under the merged document frequency,
// skip tables rebuilt), as the build's merge of partial indexes writes them.
import { join } from 'node:path';
import { BitWriter } from '../format/bit-stream.js';
import { INDEX_FILES } from '../format/generation.js';
import { IndexFileWriter } from '../format/index-file-writer.js';
import { BlockedWriter, KeyDirectory, keyDirectorySections } from '../format/key-directory.js';
import { blockEnds, decodeKeyPostings, SKIP_MIN_DOCS, SkipPoints, writeKeyPosting, writeSkipTable } from '../format/key-postings.js';
import { averageFieldLengths } from '../format/position-space.js';
import { decodeAllPositions, positionWidths, writePositionList } from '../format/positions.js';
import { ByteWriter } from '../format/varint.js';
import { docGapOrder } from '../format/word-postings.js';
import type { MergedOrder } from './merge-order.js';

interface KeySource {
  directory: KeyDirectory;
  keys: Uint32Array;
  newDoc: Int32Array;
  widths: Uint8Array;
  next: number;
}

/** One source's entries of the key being merged, renumbered lazily. */
interface KeyList {
  docs: Int32Array;
  tf: Uint32Array;
  inTitle: Uint8Array;
  positions: Int32Array;
  starts: Uint32Array;
  newDoc: Int32Array;
  at: number;
}

export function mergeKeyFiles(order: MergedOrder, fieldLengths: Uint32Array, outDir: string, digest: Uint8Array): { file: { bytes: number; sha256: string }; keys: number } {
  const n = order.count;
  const widths = positionWidths(fieldLengths, n);
  // The merged segment's averages (its docs.bin STAT), under which the skip blocks' score bounds are computed.
  const averages = averageFieldLengths(fieldLengths, n);
  const sources: KeySource[] = order.sources.map((s) => {
    const directory = new KeyDirectory(s.chars());
    return { directory, keys: directory.keys(), newDoc: s.newDoc, widths: s.widths, next: 0 };
  });
  const writer = new IndexFileWriter(join(outDir, INDEX_FILES.chars.name), INDEX_FILES.chars.kind, digest, ['KFST', 'KFIX', 'KSND', 'KBLK', 'DATA']);
  const data = writer.stream('DATA');
  const blocks = new BlockedWriter((bytes) => data.write(bytes), 'character postings');
  const merged: number[] = [];
  const item = new BitWriter(1 << 16);
  const long = new BitWriter(1 << 16);
  const skips = new SkipPoints();
  const table = new ByteWriter(1024);
  const docFrequency = new ByteWriter(16);
  // The merged entries of one key: source list and entry index, in new document order.
  let fromList = new Int32Array(1024);
  let fromEntry = new Int32Array(1024);
  let newDocs = new Int32Array(1024);
  try {
    for (;;) {
      let smallest = Infinity;
      for (const s of sources) if (s.next < s.keys.length && s.keys[s.next] < smallest) smallest = s.keys[s.next];
      if (smallest === Infinity) break;
      const lists: KeyList[] = [];
      for (const s of sources) {
        if (s.next >= s.keys.length || s.keys[s.next] !== smallest) continue;
        const bytes = s.directory.data.bytes;
        const postings = decodeKeyPostings(bytes, s.directory.dataStart(s.next), s.newDoc.length, s.widths);
        const { positions, positionStarts } = decodeAllPositions(bytes, postings, s.widths);
        lists.push({ docs: postings.docs, tf: postings.tf, inTitle: postings.inTitle, positions, starts: positionStarts, newDoc: s.newDoc, at: 0 });
        s.next++;
      }
      const total = lists.reduce((m, l) => m + l.docs.length, 0);
      if (total > fromList.length) {
        const size = Math.max(total, fromList.length * 2);
        fromList = new Int32Array(size);
        fromEntry = new Int32Array(size);
        newDocs = new Int32Array(size);
      }
      let df = 0;
      for (;;) {
        let best = -1;
        let bestDoc = Infinity;
        for (let l = 0; l < lists.length; l++) {
          const list = lists[l];
          while (list.at < list.docs.length && list.newDoc[list.docs[list.at]] < 0) list.at++;
          if (list.at < list.docs.length && list.newDoc[list.docs[list.at]] < bestDoc) {
            bestDoc = list.newDoc[list.docs[list.at]];
            best = l;
          }
        }
        if (best < 0) break;
        fromList[df] = best;
        fromEntry[df] = lists[best].at++;
        newDocs[df] = bestDoc;
        df++;
      }
      if (df === 0) continue; // every document with the key was removed
      merged.push(smallest);
      item.reset();
      docFrequency.length = 0;
      docFrequency.varint(df);
      item.appendBits(docFrequency.bytes, 0, docFrequency.length * 8);
      // A long key is written aside first: its skip table, which precedes it, is known only once it is written.
      const skipped = df >= SKIP_MIN_DOCS;
      const target = skipped ? long : item;
      if (skipped) {
        long.reset();
        skips.reset();
      }
      const bitsStart = target.bitLength;
      const k = docGapOrder(n, df);
      let last = -1;
      for (let e = 0; e < df; e++) {
        const list = lists[fromList[e]];
        const i = fromEntry[e];
        if (skipped) skips.next(last, target.bitLength);
        writeKeyPosting(target, newDocs[e] - last, list.tf[i], list.inTitle[i], k);
        if (skipped) skips.keep(newDocs[e], list.tf[i]);
        last = newDocs[e];
      }
      const postingsBits = target.bitLength - bitsStart;
      for (let e = 0; e < df; e++) {
        const list = lists[fromList[e]];
        const i = fromEntry[e];
        writePositionList(target, widths[newDocs[e]], list.positions, list.starts[i], list.starts[i] + list.tf[i]);
      }
      if (target.bitLength - bitsStart >= 2 ** 32) throw new Error('the postings of one character key exceed 512 MiB; this index format cannot hold them');
      if (skipped) {
        const bytes = long.result();
        table.length = 0;
        writeSkipTable(table, { postingsBits, lastDoc: last }, skips.lastDocs, skips.postingBits, blockEnds(bytes, postingsBits, skips, widths, fieldLengths, averages));
        item.appendBits(table.bytes, 0, table.length * 8);
        item.appendBits(bytes, 0, long.bitLength);
      }
      item.alignToByte();
      blocks.add(item.result().slice());
    }
    const keys = Uint32Array.from(merged);
    for (const [id, section] of keyDirectorySections(keys)) writer.add(id, section);
    writer.add('KBLK', blocks.finish());
    return { file: writer.finish(), keys: keys.length };
  } catch (error) {
    writer.abandon();
    throw error;
  }
}
