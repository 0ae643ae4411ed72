// Constants of the on-disk index format (docs/INDEX_FORMAT.md). Bump FORMAT_VERSION on any change to the bytes.

export const FORMAT_VERSION = 4;
/**
 * Long character keys carry a skip table (docs/INDEX_FORMAT.md): a key in at least SKIP_MIN_DOCS documents is cut
 * into blocks of SKIP_BLOCK entries, and a reader that needs a few documents decodes only their blocks and jumps to
 * an entry's positions through its block.
 */
export const SKIP_MIN_DOCS = 512;
export const SKIP_BLOCK = 64;
/** First four bytes of every index file. */
export const FILE_MAGIC = 'BSOU';
/** Last four bytes of every index file, after the CRC32. */
export const FOOTER_MAGIC = 'UOSB';
export const HEADER_BYTES = 32;
export const SECTION_ENTRY_BYTES = 24;
export const FOOTER_BYTES = 16;

/** The files of one index generation, by four-letter kind code. */
export const INDEX_FILES = {
  words: { name: 'words.bin', kind: 'WORD' },
  chars: { name: 'chars.bin', kind: 'CHAR' },
  docs: { name: 'docs.bin', kind: 'DOCS' },
  store: { name: 'store.bin', kind: 'STOR' },
} as const;
export type IndexFileKey = keyof typeof INDEX_FILES;

export const MANIFEST_NAME = 'manifest.json';
/** The file naming the live generation directory inside an index directory. */
export const CURRENT_NAME = 'CURRENT';

/** Field numbers, in the order their streams are laid out in a document's position space. */
export const FIELD_TITLE = 0;
export const FIELD_AUTHORS = 1;
export const FIELD_BODY = 2;
export const FIELD_COUNT = 3;
/** Positions left empty between fields so no bigram or phrase spans two fields. */
export const FIELD_GAP = 1;
/** Bigram key for a single character at the end of a field stream: (c << 16) | END_OF_FIELD. */
export const END_OF_FIELD = 0;

/** Dates are stored as days since 1970-01-01; undated articles get this value (sorts first). */
export const NO_DATE = -2147483648;
