// readUserDict: the newsroom's user dictionary file in → its entries, checked line by line as cppjieba parses, hashed.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AnalyzerError } from './analyzer-error.js';
import { normalizeText } from './normalize.js';

export interface UserDictEntry {
  word: string;
  /** Undefined when the line gives no frequency (jieba then uses its median word weight). */
  freq?: number;
  tag?: string;
  line: number;
}

export interface UserDict {
  path: string;
  entries: UserDictEntry[];
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
}

const HAN_ONLY = /^\p{Script=Han}+$/u;
const TAG = /^[A-Za-z]+$/;
const FREQ = /^[1-9][0-9]{0,8}$/;
const FORMAT = 'Each line must be `word`, `word tag` or `word freq tag` with single spaces (e.g. `桐庐 20000 ns`); see docs/USER_DICTIONARY.md.';

/**
 * cppjieba splits each line on single spaces and reads 1 column as a word, 2 as word + TAG (not a frequency!) and 3 as
 * word + frequency + tag; other shapes insert garbage silently, '#' lines become the word "#", and a missing file
 * aborts the whole process. So everything is checked here first, with the line number in the message.
 */
export function readUserDict(path: string): UserDict {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new AnalyzerError(
      'BAOSOU_USER_DICT_MISSING',
      `cannot read the user dictionary ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). ` +
        'Create it (one word per line, see docs/USER_DICTIONARY.md) or pass the right path.',
      { cause: error },
    );
  }
  if (/[|;]/.test(path)) {
    invalid(path, 0, 'the path contains "|" or ";", which jieba reads as a list separator. Move the file to a path without them.');
  }
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) invalid(path, 0, 'the file is not valid UTF-8. Save it as UTF-8 (without BOM).');
  if (text.startsWith('\uFEFF')) invalid(path, 1, 'the file starts with a byte order mark, which jieba would glue to the first word. Save it as UTF-8 without BOM.');
  const entries: UserDictEntry[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.length === 0) return; // jieba skips empty lines too
    if (raw.endsWith('\r')) invalid(path, line, 'the line ends with a carriage return (Windows line ending), which jieba would keep in the word or tag. Save the file with LF line endings.');
    if (raw.startsWith('#')) invalid(path, line, 'comments are not supported: jieba would read "#" as a word. Keep explanations in docs/USER_DICTIONARY.md.');
    const columns = raw.split(' ');
    if (columns.some((c) => c.length === 0) || columns.length > 3) invalid(path, line, `"${raw}" is not one word with an optional frequency and tag. ${FORMAT}`);
    const [word, second, third] = columns;
    const entry: UserDictEntry = { word, line };
    if (columns.length === 2) {
      if (!TAG.test(second)) {
        invalid(path, line, `"${raw}": with two columns jieba reads the second as a part-of-speech tag, not a frequency. Add a tag after the frequency (\`${word} ${second} nz\`) or drop the number.`);
      }
      entry.tag = second;
    } else if (columns.length === 3) {
      if (!FREQ.test(second)) invalid(path, line, `"${raw}": the frequency must be a whole number from 1 to 999999999. ${FORMAT}`);
      if (!TAG.test(third)) invalid(path, line, `"${raw}": the tag must be letters only (ns place, nt organization, nz other proper noun, n noun, nr person). ${FORMAT}`);
      entry.freq = Number(second);
      entry.tag = third;
    }
    if (!HAN_ONLY.test(word)) {
      invalid(path, line, `"${word}" must consist of Chinese characters only: Latin letters and digits are kept whole without the dictionary, and jieba never sees them.`);
    }
    const normalized = normalizeText(word);
    if (normalized !== word) invalid(path, line, `"${word}" is not in normalized form; write it as "${normalized}" (Simplified, as the analyzer sees text).`);
    const previous = seen.get(word);
    if (previous !== undefined) invalid(path, line, `"${word}" is already listed on line ${previous}; keep one line per word.`);
    seen.set(word, line);
    entries.push(entry);
  });
  return { path, entries, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function invalid(path: string, line: number, what: string): never {
  throw new AnalyzerError('BAOSOU_USER_DICT_INVALID', `${path}${line > 0 ? `:${line}` : ''}: ${what}`);
}
