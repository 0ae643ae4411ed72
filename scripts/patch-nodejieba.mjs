#!/usr/bin/env node
// Run by `npm install` (postinstall): makes nodejieba's dictionary load about three times faster, then rebuilds its
// native module from the patched source. Every process that segments text (a server worker, `baosou add`, a build's
// analysis threads) loads the dictionary first, so this is the largest part of a server's start and of adding a day's
// paper from the CLI (docs/BENCHMARKS.md, *Start-up, step 6*).
//
// The edits change no segmentation: the same words enter the same trie in the same order with the same weights.
//   1. nodejieba's load() also built a TextRankExtractor — a second copy of the dictionary's trie and HMM model —
//      which baosou never uses; it is now built on the first textRankExtract() call instead.
//   2. cppjieba copied and sorted all 349,000 dictionary entries to find the min, median and max weight; it now sorts
//      the weights alone.
//   3. cppjieba copied every dictionary word into a second vector before building the trie; the trie is now built
//      from the entries in place.
//
// `node scripts/patch-nodejieba.mjs --check` exits 1 unless every edit is in the source and the module was built
// after it (test/jieba-load.test.ts runs it). Another nodejieba version than the one these edits were written for is
// left as installed, with a warning: baosou works the same, only its start is slower.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PATCHED_VERSION = '3.5.8';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

const EDITS = [
  {
    file: 'lib/nodejieba.cpp',
    what: 'TextRankExtractor built on first use, not by load()',
    edits: [
      {
        from: `  delete _text_rank_extractor_handle;
  _text_rank_extractor_handle = new cppjieba
		      ::TextRankExtractor(dictPath,
                                  modelPath,
                                  stopWordsPath,
                                  userDictPath);
`,
        to: `  // baosou: the TextRankExtractor (a second trie of the whole dictionary) is built on first use.
  delete _text_rank_extractor_handle;
  _text_rank_extractor_handle = NULL;
  _text_rank_paths[0] = dictPath;
  _text_rank_paths[1] = modelPath;
  _text_rank_paths[2] = stopWordsPath;
  _text_rank_paths[3] = userDictPath;
`,
      },
      {
        from: `  if( !_text_rank_extractor_handle ){
    Napi::Error::New(info.Env(), "Before calling any other function you have to call load() first").ThrowAsJavaScriptException();
  }
`,
        to: `  // baosou: built here on first use, from the paths load() was given.
  if (!_text_rank_extractor_handle) {
    if (!_jieba_handle) {
      Napi::Error::New(info.Env(), "Before calling any other function you have to call load() first").ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
    _text_rank_extractor_handle = new cppjieba::TextRankExtractor(_text_rank_paths[0], _text_rank_paths[1],
                                                                  _text_rank_paths[2], _text_rank_paths[3]);
  }
`,
      },
    ],
  },
  {
    file: 'lib/nodejieba.h',
    what: 'the paths the TextRankExtractor is built from',
    edits: [
      {
        from: `  cppjieba::TextRankExtractor* _text_rank_extractor_handle{nullptr};`,
        to: `  cppjieba::TextRankExtractor* _text_rank_extractor_handle{nullptr};
  std::string _text_rank_paths[4]; // baosou: dict, model, stop words, user dict, for the first textRankExtract()`,
      },
    ],
  },
  {
    file: 'submodules/cppjieba/include/cppjieba/DictTrie.hpp',
    what: 'weights sorted alone; the trie built from the entries in place',
    edits: [
      {
        from: `    vector<DictUnit> x = static_node_infos_;
    sort(x.begin(), x.end(), WeightCompare);
    min_weight_ = x[0].weight;
    max_weight_ = x[x.size() - 1].weight;
    median_weight_ = x[x.size() / 2].weight;`,
        to: `    // baosou: the weights alone are sorted (the same min, median and max), not copies of every entry.
    vector<double> x;
    x.reserve(static_node_infos_.size());
    for (size_t i = 0; i < static_node_infos_.size(); i++) x.push_back(static_node_infos_[i].weight);
    sort(x.begin(), x.end());
    min_weight_ = x[0];
    max_weight_ = x[x.size() - 1];
    median_weight_ = x[x.size() / 2];`,
      },
      {
        from: `    vector<Unicode> words;
    vector<const DictUnit*> valuePointers;
    for (size_t i = 0 ; i < dictUnits.size(); i ++) {
      words.push_back(dictUnits[i].word);
      valuePointers.push_back(&dictUnits[i]);
    }

    trie_ = new Trie(words, valuePointers);`,
        to: `    // baosou: the same words inserted in the same order, without copying them first.
    trie_ = new Trie(vector<Unicode>(), vector<const DictUnit*>());
    for (size_t i = 0 ; i < dictUnits.size(); i ++) {
      trie_->InsertNode(dictUnits[i].word, &dictUnits[i]);
    }`,
      },
    ],
  },
];

function warn(message) {
  process.stderr.write(`patch-nodejieba: ${message}\n`);
}

const packageDir = path.dirname(require.resolve('nodejieba/package.json'));
const version = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version;
const binary = path.join(packageDir, 'build', 'Release', 'nodejieba.node');
const checkOnly = process.argv.includes('--check');

if (version !== PATCHED_VERSION) {
  warn(`nodejieba ${version} is installed; these edits are for ${PATCHED_VERSION}. Left as installed (a slower start).`);
  process.exit(checkOnly ? 1 : 0);
}

// Each file's text with every edit applied, or the reason it cannot be (neither the original nor the edit found).
const edited = [];
const problems = [];
for (const { file, what, edits } of EDITS) {
  const at = path.join(packageDir, file);
  const before = readFileSync(at, 'utf8');
  let text = before;
  for (const { from, to } of edits) {
    if (text.includes(to)) continue;
    if (text.includes(from)) text = text.replace(from, to);
    else problems.push(`${file}: the text to edit (${what}) is not there`);
  }
  if (text !== before) edited.push({ at, text });
}

if (problems.length > 0) {
  warn(`cannot apply the edits; nodejieba left as installed (a slower start):\n  ${problems.join('\n  ')}`);
  process.exit(checkOnly ? 1 : 0);
}
const changed = edited.length > 0;
// Only files that change are written: a rewritten source would look newer than the module and rebuild it each install.
if (!checkOnly) for (const { at, text } of edited) writeFileSync(at, text);

const newestSource = Math.max(...EDITS.map(({ file }) => statSync(path.join(packageDir, file)).mtimeMs));
const built = existsSync(binary) && statSync(binary).mtimeMs > newestSource;
if (checkOnly) {
  if (changed || !built) {
    warn(changed ? 'the edits are not applied (run `npm install` or `node scripts/patch-nodejieba.mjs`)' : `${binary} was built before the edits`);
    process.exit(1);
  }
  console.log(`nodejieba ${version}: the fast-load edits are applied and built`);
  process.exit(0);
}
if (built && !changed) process.exit(0);

// Built from source: a prebuilt binary (node-pre-gyp's download) would be the unpatched one.
const nodePreGyp = path.join(path.dirname(require.resolve('@mapbox/node-pre-gyp/package.json')), 'bin', 'node-pre-gyp');
console.log(`patch-nodejieba: rebuilding nodejieba ${version} with the fast-load edits (about 15 s)`);
execFileSync(process.execPath, [nodePreGyp, 'rebuild', '--build-from-source'], { cwd: packageDir, stdio: 'inherit' });
