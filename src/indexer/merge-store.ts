// mergeStoreFiles: the sources' store.bin and the merged document order in → the merged store.bin, its blocks planned
// and compressed as a build plans them (the layout depends only on the bodies), streamed block by block.
import { closeSync } from 'node:fs';
import { join } from 'node:path';
import { BlockPlanner, blockOf, bodyInBlock, compressBlock, openStoreFile, readBlock, type StoreFile } from '../format/doc-store.js';
import { INDEX_FILES } from '../format/generation.js';
import { IndexFileWriter } from '../format/index-file-writer.js';
import type { MergedOrder } from './merge-order.js';

export function mergeStoreFiles(order: MergedOrder, outDir: string, digest: Uint8Array): { bytes: number; sha256: string } {
  const stores: StoreFile[] = [];
  const writer = new IndexFileWriter(join(outDir, INDEX_FILES.store.name), INDEX_FILES.store.kind, digest, ['BKOF', 'BKDC', 'BLKS']);
  try {
    for (const s of order.sources) stores.push(openStoreFile(join(s.dir, INDEX_FILES.store.name), INDEX_FILES.store.kind, digest));
    // Each source's documents come in ascending order: its last decompressed block serves the next few.
    const open: Array<{ index: number; block: Buffer }> = stores.map(() => ({ index: -1, block: Buffer.alloc(0) }));
    const body = (s: number, doc: number): string => {
      const store = stores[s];
      const index = blockOf(store, doc);
      if (open[s].index !== index) open[s] = { index, block: readBlock(store, index) };
      return bodyInBlock(store, open[s].block, index, doc);
    };
    const blks = writer.stream('BLKS');
    const offsets: number[] = [0];
    const firstDocs: number[] = [];
    const planner = new BlockPlanner();
    let pending: string[] = [];
    const flush = () => {
      if (pending.length === 0) return;
      const compressed = compressBlock(pending);
      blks.write(compressed);
      offsets.push(offsets[offsets.length - 1] + compressed.length);
      pending = [];
    };
    for (let doc = 0; doc < order.count; doc++) {
      const text = body(order.sourceOf[doc], order.localOf[doc]);
      if (planner.startsBlock(text)) {
        flush();
        firstDocs.push(doc);
      }
      pending.push(text);
    }
    flush();
    if (offsets[offsets.length - 1] > 0xffffffff) throw new Error('the store exceeds 4 GiB; this index format cannot hold an archive that large in one segment');
    writer.add('BKOF', Uint32Array.from(offsets));
    writer.add('BKDC', Uint32Array.from(firstDocs));
    return writer.finish();
  } catch (error) {
    writer.abandon();
    throw error;
  } finally {
    for (const store of stores) closeSync(store.fd);
  }
}
