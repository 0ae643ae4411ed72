// `node dist/bench/store-study.js [--corpus <path>]`: the doc store's candidate layouts (issue 16), measured in one run on the same bodies — size, build time, and the time to get one random body with nothing cached.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { Command } from 'commander';
import { CorpusReader, openIndex } from '../src/index.js';
import { latencyStats, type LatencyStats } from './latency.js';
import { seededRandom } from './query-set.js';
import { buildInChild } from './run.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** A codec over whole byte strings: one call compresses a unit (a block or a document), one call restores it. */
interface Codec {
  compress(raw: Buffer): Buffer;
  decompress(packed: Buffer): Buffer;
}

interface Candidate {
  name: string;
  /** Documents per unit: 'doc' (one each) or a target of uncompressed bytes per block. */
  unit: 'doc' | number;
  codec: Codec;
  /** The package (and version) the codec comes from; 'node:zlib' for Node's own. */
  from: string;
  /** Bytes stored once beside the units (a dictionary). */
  dictionary?: Buffer;
  /** Seconds spent making the dictionary (counted into the build). */
  dictionarySeconds?: number;
}

interface StudyRow {
  name: string;
  from: string;
  units: number;
  store_bytes: number;
  dictionary_bytes: number;
  index_bytes: number;
  ratio_to_text: number;
  build_seconds: number;
  get_body_ms: LatencyStats;
  /** The codec's call alone, on a unit already in memory. */
  decompress_ms: LatencyStats;
  /** The unit decompressions per body (1: per-document units; a block's whole bytes otherwise). */
  mean_unit_bytes: number;
}

const brotli = (quality: number): Codec => ({
  compress: (raw) => brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_LGWIN]: 18, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
  decompress: (packed) => brotliDecompressSync(packed),
});
const identity: Codec = { compress: (raw) => raw, decompress: (packed) => packed };
const deflateWithDictionary = (dictionary: Buffer): Codec => ({
  compress: (raw) => deflateRawSync(raw, { level: 9, dictionary }),
  decompress: (packed) => inflateRawSync(packed, { dictionary }),
});

/** "name version" of an installed package (its package.json above its main file), or the bare name. */
function packageVersion(name: string): string {
  try {
    for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const manifest = path.join(dir, 'package.json');
      if (existsSync(manifest)) return `${name} ${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}`;
    }
  } catch {
    // not installed
  }
  return name;
}

/** zstd through @toondepauw/node-zstd (napi-rs, prebuilt binary in its platform package), when installed. */
function zstdCodec(level: number, dictionary?: Buffer): Codec | null {
  let zstd: { Encoder: new (level: number, dictionary?: Buffer) => { encodeSync(b: Buffer): Buffer }; Decoder: new (dictionary?: Buffer) => { decodeSync(b: Buffer): Buffer } };
  try {
    zstd = require('@toondepauw/node-zstd');
  } catch {
    return null;
  }
  const encoder = new zstd.Encoder(level, dictionary);
  const decoder = new zstd.Decoder(dictionary);
  return { compress: (raw) => encoder.encodeSync(raw), decompress: (packed) => decoder.decodeSync(packed) };
}

/**
 * zstd through zstd-napi (node-gyp build of bundled zstd; its install script first tries to download a prebuilt binary
 * from GitHub), which keeps one decompression context for every call. When installed.
 */
function zstdNapiCodec(level: number, dictionary?: Buffer): Codec | null {
  type Context = { setParameters(p: object): void; loadDictionary(d: Uint8Array): void };
  let zstd: { Compressor: new () => Context & { compress(b: Uint8Array): Buffer }; Decompressor: new () => Context & { decompress(b: Uint8Array): Buffer } };
  try {
    zstd = require('zstd-napi');
  } catch {
    return null;
  }
  const compressor = new zstd.Compressor();
  compressor.setParameters({ compressionLevel: level });
  const decompressor = new zstd.Decompressor();
  if (dictionary) {
    compressor.loadDictionary(dictionary);
    decompressor.loadDictionary(dictionary);
  }
  return { compress: (raw) => compressor.compress(raw), decompress: (packed) => decompressor.decompress(packed) };
}

/** LZ4 block format through lz4-napi (napi-rs), when installed. */
function lz4Codec(dictionary?: Buffer): Codec | null {
  let lz4: { compressSync(b: Buffer, dict?: Buffer): Buffer; uncompressSync(b: Buffer, dict?: Buffer): Buffer };
  try {
    lz4 = require('lz4-napi');
  } catch {
    return null;
  }
  return { compress: (raw) => lz4.compressSync(raw, dictionary), decompress: (packed) => lz4.uncompressSync(packed, dictionary) };
}

/**
 * A zstd dictionary trained on the archive by the zstd command line tool (ZDICT's fastcover): one sample file per
 * document, as the per-document units will be. Null when no `zstd` is on PATH.
 */
function trainZstdDictionary(bodies: Buffer[], bytes: number, scratch: string): { dictionary: Buffer; seconds: number } | null {
  const dir = path.join(scratch, 'samples');
  mkdirSync(dir);
  bodies.forEach((b, i) => writeFileSync(path.join(dir, String(i)), b));
  const out = path.join(scratch, 'dictionary');
  const started = performance.now();
  const r = spawnSync('zstd', ['--train', '-r', dir, '-o', out, `--maxdict=${bytes}`, '-q'], { encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  if (r.status !== 0) return null;
  return { dictionary: readFileSync(out), seconds };
}

/** A raw-content dictionary: the openings of evenly spaced documents, no training (what a build could make in JS). */
function sampleDictionary(bodies: Buffer[], bytes: number): { dictionary: Buffer; seconds: number } {
  const started = performance.now();
  const parts: Buffer[] = [];
  let size = 0;
  const step = Math.max(1, Math.floor(bodies.length / Math.ceil(bytes / 1024)));
  for (let i = 0; i < bodies.length && size < bytes; i += step) {
    const part = bodies[i].subarray(0, Math.min(1024, bytes - size));
    parts.push(part);
    size += part.length;
  }
  return { dictionary: Buffer.concat(parts), seconds: (performance.now() - started) / 1000 };
}

/** Units of consecutive documents: u32 count, u32 byte length of each body, then the bodies (today's block layout). */
function planUnits(bodies: Buffer[], unit: 'doc' | number): number[] {
  if (unit === 'doc') return bodies.map((_, i) => i);
  const starts: number[] = [];
  let filled = unit;
  bodies.forEach((body, i) => {
    if (filled >= unit) {
      starts.push(i);
      filled = 0;
    }
    filled += body.length;
  });
  return starts;
}

function unitBytes(bodies: Buffer[]): Buffer {
  const head = Buffer.alloc(4 + bodies.length * 4);
  head.writeUInt32LE(bodies.length, 0);
  bodies.forEach((b, i) => head.writeUInt32LE(b.length, 4 + i * 4));
  return Buffer.concat([head, ...bodies]);
}

/** A written store: the file, the unit offsets, and where each unit's first document is. */
interface WrittenStore {
  file: string;
  fd: number;
  offsets: Float64Array;
  firstDocs: Int32Array;
  perDoc: boolean;
  codec: Codec;
}

function writeStore(candidate: Candidate, bodies: Buffer[], dir: string): { store: WrittenStore; seconds: number; bytes: number } {
  const started = performance.now();
  const starts = planUnits(bodies, candidate.unit);
  const perDoc = candidate.unit === 'doc';
  const file = path.join(dir, `${candidate.name.replace(/[^a-z0-9]+/gi, '-')}.bin`);
  const fd = openSync(file, 'w');
  const offsets = new Float64Array(starts.length + 1);
  let at = 0;
  starts.forEach((first, u) => {
    const end = u + 1 < starts.length ? starts[u + 1] : bodies.length;
    const raw = perDoc ? bodies[first] : unitBytes(bodies.slice(first, end));
    const packed = candidate.codec.compress(raw);
    writeSync(fd, packed, 0, packed.length, at);
    offsets[u] = at;
    at += packed.length;
  });
  offsets[starts.length] = at;
  closeSync(fd);
  const seconds = (performance.now() - started) / 1000 + (candidate.dictionarySeconds ?? 0);
  // The unit table as the index would store it: a u32 offset per unit, and per block its first document.
  const tableBytes = (starts.length + 1) * 4 + (perDoc ? 0 : starts.length * 4);
  return {
    store: { file, fd: openSync(file, 'r'), offsets, firstDocs: Int32Array.from(starts), perDoc, codec: candidate.codec },
    seconds,
    bytes: at + tableBytes + (candidate.dictionary?.length ?? 0),
  };
}

/** One body read as DocStore.body reads it on a cache miss: find the unit, pread it, decompress, cut, decode UTF-8. */
function readBody(s: WrittenStore, doc: number): string {
  let unit = doc;
  if (!s.perDoc) {
    let lo = 0;
    let hi = s.firstDocs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s.firstDocs[mid] <= doc) lo = mid;
      else hi = mid - 1;
    }
    unit = lo;
  }
  const start = s.offsets[unit];
  const length = s.offsets[unit + 1] - start;
  const packed = Buffer.allocUnsafe(length);
  readSync(s.fd, packed, 0, length, start);
  const raw = s.codec.decompress(packed);
  if (s.perDoc) return raw.toString('utf8');
  const count = raw.readUInt32LE(0);
  const index = doc - s.firstDocs[unit];
  let from = 4 + count * 4;
  for (let i = 0; i < index; i++) from += raw.readUInt32LE(4 + i * 4);
  return raw.toString('utf8', from, from + raw.readUInt32LE(4 + index * 4));
}

async function main(): Promise<void> {
  const sharedCorpus = path.resolve(repoRoot, '../shared/corpus/cctv-xwlb');
  const program = new Command()
    .name('node dist/bench/store-study.js')
    .description('Doc store candidates (issue 16): size, build time, and cold random body reads, in one run.')
    .option('--corpus <paths...>', 'corpus files or folders', [sharedCorpus])
    .option('--reads <n>', 'random bodies read per candidate', '20000')
    .option('--rounds <n>', 'rounds: every candidate reads its share of the bodies in every round, in turn', '20')
    .option('--seed <n>', 'seed of the random documents', '16')
    .option('--out <dir>', 'results folder: store-study-<corpus name>.json and .md', path.join(repoRoot, 'bench/results'));
  program.parse(process.argv);
  const o = program.opts<{ corpus: string[]; reads: string; rounds: string; seed: string; out: string }>();
  const scratch = mkdtempSync(path.join(tmpdir(), 'baosou-store-study-'));
  try {
    process.stderr.write(`building ${o.corpus.join(', ')} for its bodies and the size of the rest of the index\n`);
    const indexDir = path.join(scratch, 'index');
    const built = await buildInChild(o.corpus, indexDir, undefined, undefined);
    const index = openIndex(indexDir);
    const bodies = Array.from({ length: index.size }, (_, doc) => Buffer.from(index.reader.store.body(doc), 'utf8'));
    index.close();
    let textBytes = 0;
    for await (const a of new CorpusReader(o.corpus).articles()) textBytes += Buffer.byteLength(a.title) + Buffer.byteLength(a.body);
    const storeFile = Object.keys(built.files).find((f) => f.startsWith('store'))!;
    const restOfIndex = Object.entries(built.files).reduce((n, [f, b]) => (f === storeFile ? n : n + b), 0);
    const bodyBytes = bodies.reduce((n, b) => n + b.length, 0);
    // A snippet reads the first SCAN_LIMIT (3,000) characters and the rest only when nothing matches there.
    const beyondLead = bodies.reduce((n, b) => n + Math.max(0, b.length - Buffer.byteLength(b.toString('utf8').slice(0, 3000))), 0);
    process.stderr.write(`${bodies.length} bodies, ${(bodyBytes / 1e6).toFixed(1)} MB UTF-8; text ${(textBytes / 1e6).toFixed(1)} MB; index without ${storeFile} ${(restOfIndex / 1e6).toFixed(1)} MB\n`);

    const notes: string[] = [];
    const trained = trainZstdDictionary(bodies, 112 * 1024, scratch);
    const sampled = sampleDictionary(bodies, 112 * 1024);
    const deflateDictionary = sampleDictionary(bodies, 32 * 1024);
    const zstdFrom = packageVersion('@toondepauw/node-zstd');
    const lz4From = packageVersion('lz4-napi');
    const candidates: Candidate[] = [
      { name: 'Brotli q7, 32 KiB blocks (today)', unit: 32 * 1024, codec: brotli(7), from: 'node:zlib' },
      { name: 'Brotli q7, 16 KiB blocks', unit: 16 * 1024, codec: brotli(7), from: 'node:zlib' },
      { name: 'Brotli q7, 8 KiB blocks', unit: 8 * 1024, codec: brotli(7), from: 'node:zlib' },
      { name: 'Brotli q7, 4 KiB blocks', unit: 4 * 1024, codec: brotli(7), from: 'node:zlib' },
      { name: 'Brotli q7, per document', unit: 'doc', codec: brotli(7), from: 'node:zlib' },
      { name: 'DEFLATE 9 + 32 KiB sampled dictionary, per document', unit: 'doc', codec: deflateWithDictionary(deflateDictionary.dictionary), from: 'node:zlib', ...dictionaryOf(deflateDictionary) },
      { name: 'uncompressed UTF-8, per document (OS page cache)', unit: 'doc', codec: identity, from: 'node:fs' },
    ];
    const add = (name: string, unit: Candidate['unit'], codec: Codec | null, from: string, dictionary?: { dictionary: Buffer; seconds: number } | null) => {
      if (codec) candidates.push({ name, unit, codec, from, ...(dictionary ? dictionaryOf(dictionary) : {}) });
      else process.stderr.write(`skipped ${name}: ${from} is not installed\n`);
    };
    add('zstd 3, per document, no dictionary', 'doc', zstdCodec(3), zstdFrom);
    add('zstd 9, 16 KiB blocks, no dictionary', 16 * 1024, zstdCodec(9), zstdFrom);
    if (trained) {
      process.stderr.write(`zstd --train: ${(trained.dictionary.length / 1024).toFixed(0)} KiB in ${trained.seconds.toFixed(1)} s\n`);
      notes.push(`The trained dictionary: \`zstd --train\` over every body, ${trained.seconds.toFixed(1)} s, counted in those rows' build time; the sampled ones are the first KiB of evenly spaced bodies (no training).`);
      add('zstd 3 + 112 KiB trained dictionary, per document', 'doc', zstdCodec(3, trained.dictionary), zstdFrom, trained);
      add('zstd 9 + 112 KiB trained dictionary, per document', 'doc', zstdCodec(9, trained.dictionary), zstdFrom, trained);
      add('zstd 19 + 112 KiB trained dictionary, per document', 'doc', zstdCodec(19, trained.dictionary), zstdFrom, trained);
      add('zstd 19 + 112 KiB trained dictionary, 8 KiB blocks', 8 * 1024, zstdCodec(19, trained.dictionary), zstdFrom, trained);
    } else process.stderr.write('skipped the trained zstd dictionary: no `zstd` command on PATH\n');
    add('zstd 9 + 112 KiB sampled dictionary, per document', 'doc', zstdCodec(9, sampled.dictionary), zstdFrom, sampled);
    add('zstd 19 + 112 KiB sampled dictionary, per document', 'doc', zstdCodec(19, sampled.dictionary), zstdFrom, sampled);
    if (trained) add('zstd 9 + 112 KiB trained dictionary, per document, reused context', 'doc', zstdNapiCodec(9, trained.dictionary), packageVersion('zstd-napi'), trained);
    add('LZ4, per document', 'doc', lz4Codec(), lz4From);
    const lz4Dictionary = sampleDictionary(bodies, 64 * 1024);
    add('LZ4 + 64 KiB sampled dictionary, per document', 'doc', lz4Codec(lz4Dictionary.dictionary), lz4From, lz4Dictionary);
    add('LZ4, 16 KiB blocks', 16 * 1024, lz4Codec(), lz4From);

    const storesDir = path.join(scratch, 'stores');
    mkdirSync(storesDir);
    const written = candidates.map((c) => {
      const w = writeStore(c, bodies, storesDir);
      // Every unit restores to what went in.
      for (let doc = 0; doc < bodies.length; doc += 97) if (readBody(w.store, doc) !== bodies[doc].toString('utf8')) throw new Error(`${c.name}: document ${doc} does not round-trip`);
      process.stderr.write(`${c.name}: ${(w.bytes / 1e6).toFixed(2)} MB in ${w.seconds.toFixed(1)} s\n`);
      return { candidate: c, ...w };
    });

    // Interleaved rounds: every candidate reads the same random documents, in turn, so the machine's noise (it is
    // shared) falls on all alike. A read is cold: no body or block is kept between reads.
    const reads = Number(o.reads);
    const rounds = Number(o.rounds);
    const random = seededRandom(Number(o.seed));
    const docs = Int32Array.from({ length: reads }, () => Math.floor(random() * bodies.length));
    const samples = written.map(() => [] as number[]);
    const decompressSamples = written.map(() => [] as number[]);
    const unitOf = (s: WrittenStore, doc: number) => (s.perDoc ? doc : s.firstDocs.findLastIndex((first) => first <= doc));
    const packedUnit = (s: WrittenStore, unit: number) => {
      const packed = Buffer.allocUnsafe(s.offsets[unit + 1] - s.offsets[unit]);
      readSync(s.fd, packed, 0, packed.length, s.offsets[unit]);
      return packed;
    };
    const perRound = Math.ceil(reads / rounds);
    for (const w of written) for (let i = 0; i < 200; i++) readBody(w.store, docs[i]); // JIT warm-up
    for (let r = 0; r < rounds; r++) {
      const slice = docs.subarray(r * perRound, (r + 1) * perRound);
      written.forEach((w, c) => {
        for (const doc of slice) {
          const started = performance.now();
          readBody(w.store, doc);
          samples[c].push(performance.now() - started);
        }
        const units = Array.from(slice, (doc) => packedUnit(w.store, unitOf(w.store, doc)));
        for (const unit of units) {
          const started = performance.now();
          w.store.codec.decompress(unit);
          decompressSamples[c].push(performance.now() - started);
        }
      });
    }
    const rows: StudyRow[] = written.map((w, c) => ({
      name: w.candidate.name,
      from: w.candidate.from,
      units: w.store.offsets.length - 1,
      store_bytes: w.bytes - (w.candidate.dictionary?.length ?? 0),
      dictionary_bytes: w.candidate.dictionary?.length ?? 0,
      index_bytes: restOfIndex + w.bytes,
      ratio_to_text: (restOfIndex + w.bytes) / textBytes,
      build_seconds: w.seconds,
      get_body_ms: latencyStats(samples[c]),
      decompress_ms: latencyStats(decompressSamples[c]),
      mean_unit_bytes: bodyBytes / (w.store.offsets.length - 1),
    }));
    for (const w of written) closeSync(w.store.fd);

    const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.versions.node}`;
    const out: string[] = [];
    out.push(`Store study, ${new Date().toISOString()}, ${machine}: ${bodies.length.toLocaleString('en')} bodies (${(bodyBytes / 1e6).toFixed(1)} MB UTF-8), text ${(textBytes / 1e6).toFixed(1)} MB, index without the store ${(restOfIndex / 1e6).toFixed(1)} MB; ${((beyondLead / bodyBytes) * 100).toFixed(0)} % of the body bytes lie past a body's first 3,000 characters (what a snippet reads first).`);
    out.push(`Get one body: ${reads.toLocaleString('en')} random documents, the same for every candidate, read in ${rounds} interleaved rounds with nothing cached (pread + decompress + UTF-8 decode; the file in the OS page cache).`);
    out.push('Build: one thread writing every unit (and making the dictionary). Decompress only: the codec call on a unit already in memory, the same documents.');
    for (const n of notes) out.push(n);
    out.push('');
    out.push('| candidate | codec from | units | mean unit (raw) | store MB | dictionary KiB | index ÷ text | build s | get body p50 ms | p99 ms | mean ms | decompress only p50 ms | mean ms |');
    out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      out.push(
        `| ${r.name} | ${r.from} | ${r.units.toLocaleString('en')} | ${(r.mean_unit_bytes / 1024).toFixed(1)} KiB | ${(r.store_bytes / 1e6).toFixed(2)} | ${r.dictionary_bytes ? (r.dictionary_bytes / 1024).toFixed(0) : '–'} | ` +
          `${r.ratio_to_text.toFixed(2)} × | ${r.build_seconds.toFixed(1)} | ${r.get_body_ms.p50.toFixed(3)} | ${r.get_body_ms.p99.toFixed(3)} | ${r.get_body_ms.mean.toFixed(3)} | ` +
          `${r.decompress_ms.p50.toFixed(3)} | ${r.decompress_ms.mean.toFixed(3)} |`,
      );
    }
    const markdown = out.join('\n') + '\n';
    process.stdout.write(markdown);
    const name = `store-study-${path.basename(path.resolve(o.corpus[0])).replace(/\.(jsonl(\.gz)?|txt|md)$/, '')}`;
    mkdirSync(o.out, { recursive: true });
    writeFileSync(path.join(o.out, `${name}.md`), markdown);
    const result = { created_at: new Date().toISOString(), machine, bodies: bodies.length, body_bytes: bodyBytes, text_bytes: textBytes, rest_of_index_bytes: restOfIndex, bytes_past_lead: beyondLead, reads, rounds, notes, rows };
    writeFileSync(path.join(o.out, `${name}.json`), JSON.stringify(result, null, 2) + '\n');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function dictionaryOf(d: { dictionary: Buffer; seconds: number }): Pick<Candidate, 'dictionary' | 'dictionarySeconds'> {
  return { dictionary: d.dictionary, dictionarySeconds: d.seconds };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
