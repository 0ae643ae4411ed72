// mergeStoreFiles: the sources' store.bin and the merged document order in → the merged store.bin, its dictionary
// sampled from the merged order as a build samples it, each body decoded from its source and compressed again against
// it, streamed frame by frame (only the sampled openings and the frame offsets are held).
// It yields to the event loop every YIELD_EVERY documents: the zstd binding hands back each body and frame in a
// buffer that is freed by a finalizer Node runs only between turns of the event loop, so a merge of 1,000,000
// documents done in one synchronous loop held every one of them until it returned (4.3 GB more at 1 M;
// docs/BENCHMARKS.md, *Memory of a merge at 1 M*).
import { closeSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { FrameEncoder, openStoreFile, readBodyBytes, sampleDictionary, STORE_SECTIONS, storeOffsets, type StoreFile } from '../format/doc-store.js';
import { INDEX_FILES } from '../format/generation.js';
import { IndexFileWriter } from '../format/index-file-writer.js';
import type { MergedOrder } from './merge-order.js';

/** Documents recompressed between two turns of the event loop (each turn frees the zstd buffers of the last ones). */
const YIELD_EVERY = 1024;

export async function mergeStoreFiles(order: MergedOrder, outDir: string, digest: Uint8Array): Promise<{ bytes: number; sha256: string }> {
  const stores: StoreFile[] = [];
  const writer = new IndexFileWriter(join(outDir, INDEX_FILES.store.name), INDEX_FILES.store.kind, digest, [...STORE_SECTIONS]);
  try {
    for (const s of order.sources) stores.push(openStoreFile(join(s.dir, INDEX_FILES.store.name), INDEX_FILES.store.kind, digest));
    const body = (doc: number) => readBodyBytes(stores[order.sourceOf[doc]], order.localOf[doc]);
    // The dictionary depends only on the merged bodies in their new order: the one a rebuild of them samples.
    const dictionary = sampleDictionary(order.count, body);
    const encoder = new FrameEncoder(dictionary);
    const frames = writer.stream('DOCS');
    const lengths = new Uint32Array(order.count);
    for (let doc = 0; doc < order.count; doc++) {
      const frame = encoder.frame(body(doc));
      frames.write(frame);
      lengths[doc] = frame.length;
      if (doc % YIELD_EVERY === YIELD_EVERY - 1) await nextTurn();
    }
    writer.add('DICT', dictionary);
    writer.add('DOFF', storeOffsets([lengths]));
    return writer.finish();
  } catch (error) {
    writer.abandon();
    throw error;
  } finally {
    for (const store of stores) closeSync(store.fd);
  }
}
