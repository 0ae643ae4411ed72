// `node dist/bench/store-segments.js [--corpus path] [--sizes 30,100,…]`: how large a segment must be for its store to
// gain from a dictionary. For segments of the corpus's last N bodies (a day's add is the newest articles), store.bin's
// bytes with the sampled dictionary (DICT + frames at STORE_LEVEL) and without one (frames at PLAIN_LEVEL, and at
// STORE_LEVEL for comparison), and the compression time of each, through format/doc-store.ts itself.
// Writes bench/results/store-segments-<name>.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Encoder } from '@toondepauw/node-zstd';
import { Command } from 'commander';
import { DICTIONARY_MIN_DOCS, FrameEncoder, PLAIN_LEVEL, sampleDictionary, STORE_LEVEL } from '../src/format/doc-store.js';
import { readCorpus } from '../src/index.js';
import { compareArticles } from '../src/indexer/read-corpus.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Bytes of every frame, and the milliseconds taken (the fastest of `rounds`: the machine may be shared). */
function compress(bodies: Buffer[], frame: () => (body: Buffer) => Uint8Array, rounds = 3): { bytes: number; ms: number } {
  let bytes = 0;
  let ms = Infinity;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    const encode = frame();
    bytes = bodies.reduce((n, b) => n + encode(b).length, 0);
    ms = Math.min(ms, performance.now() - started);
  }
  return { bytes, ms };
}

async function run(o: { corpus: string[]; sizes: string; name: string; out: string }): Promise<void> {
  const { articles } = await readCorpus(o.corpus);
  articles.sort(compareArticles);
  const kb = (b: number) => (b / 1000).toFixed(1);
  const rows = [
    '| documents | UTF-8 | no dictionary, level 3: frames (ms) | no dictionary, level 7: frames (ms) | sampled dictionary, level 7: DICT + frames = store (ms) | smaller |',
    '|---:|---:|---:|---:|---:|---|',
  ];
  for (const n of o.sizes.split(',').map(Number)) {
    const bodies = articles.slice(-n).map((a) => Buffer.from(a.body, 'utf8'));
    const raw = bodies.reduce((s, b) => s + b.length, 0);
    // The dictionary a segment of n documents would get were there no DICTIONARY_MIN_DOCS.
    const dictionary = sampleDictionary(n, (doc) => bodies[doc], 0);
    const plain = compress(bodies, () => {
      const encoder = new FrameEncoder(new Uint8Array(0));
      return (b) => encoder.frame(b);
    });
    const plain7 = compress(bodies, () => {
      const encoder = new Encoder(STORE_LEVEL, Buffer.alloc(0));
      return (b) => (b.length === 0 ? b : encoder.encodeSync(b));
    });
    const sampled = compress(bodies, () => {
      const encoder = new FrameEncoder(dictionary);
      return (b) => encoder.frame(b);
    });
    const store = dictionary.length + sampled.bytes;
    rows.push(
      `| ${n} | ${kb(raw)} KB | ${kb(plain.bytes)} KB (${plain.ms.toFixed(1)}) | ${kb(plain7.bytes)} KB (${plain7.ms.toFixed(1)}) | ${kb(dictionary.length)} + ${kb(sampled.bytes)} = ${kb(store)} KB (${sampled.ms.toFixed(1)}) | ${store < plain.bytes ? 'with' : 'without'} |`,
    );
  }
  const report = [
    `# store.bin of small segments — ${o.name}`,
    '',
    `Segments of the corpus's newest N bodies; levels ${PLAIN_LEVEL} (PLAIN_LEVEL) and ${STORE_LEVEL} (STORE_LEVEL); times are the fastest of 3 rounds, in ms. ${cpus().length} × ${cpus()[0]?.model}, load average ${loadavg()[0].toFixed(1)}. A segment of fewer than ${DICTIONARY_MIN_DOCS} documents (DICTIONARY_MIN_DOCS) is written without a dictionary.`,
    '',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(report);
  mkdirSync(o.out, { recursive: true });
  writeFileSync(path.join(o.out, `store-segments-${o.name}.md`), report);
}

await new Command()
  .name('store-segments')
  .description("A segment's store.bin with and without a dictionary, by segment size.")
  .option('--corpus <paths...>', 'corpus', [path.resolve(repoRoot, '../shared/corpus/cctv-xwlb')])
  .option('--sizes <list>', 'segment sizes, comma-separated', '30,100,300,400,500,1000,3000')
  .option('--name <name>', 'results name', 'cctv-xwlb')
  .option('--out <dir>', 'results folder', path.join(repoRoot, 'bench/results'))
  .action(run)
  .parseAsync(process.argv);
