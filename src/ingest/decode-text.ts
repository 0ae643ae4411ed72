// Bytes → text for archive files: UTF-8 (with or without BOM), GB18030/GBK, UTF-16 with BOM; binary files refused.

export type Encoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export type Decoded =
  | { ok: true; text: string; encoding: Encoding; /** replacement characters put in for undecodable bytes */ damaged: number }
  | { ok: false; problem: 'binary' | 'bad-encoding'; detail: string };

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: false });
// Node 20 ships full ICU, so GB18030 (a superset of GBK and GB2312) decodes natively.
const gbFatal = new TextDecoder('gb18030', { fatal: true });
const gbLenient = new TextDecoder('gb18030');

/** Control characters other than tab, line feed, form feed and carriage return. */
function isControl(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;
}

/**
 * Why these bytes look like a binary file rather than text, or null. Looks at the first 64 KiB: any NUL byte (no
 * text encoding we accept has one) or more than 5% control characters.
 */
export function binaryReason(bytes: Uint8Array): string | null {
  const n = Math.min(bytes.length, 65536);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return `it contains NUL bytes (first at byte ${i})`;
    if (isControl(b)) controls++;
  }
  if (n > 0 && controls / n > 0.05) return `${Math.round((controls / n) * 100)}% of its first ${n} bytes are control characters`;
  return null;
}

/** Characters beyond ASCII other than the replacement character: real multi-byte text. */
function countWideChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f && c !== 0xfffd) n++;
  }
  return n;
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

/**
 * Decodes a text file. Valid UTF-8 wins (a BOM is dropped); otherwise valid GB18030; UTF-16 only with its BOM.
 * A file that is neither is still read when the damage is tiny (at most 1 undecodable sequence per 1,000 bytes,
 * e.g. one corrupted byte in a long UTF-8 page): `damaged` tells how many characters were replaced by U+FFFD, so the
 * caller can report it. Anything worse is refused.
 */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le', damaged: 0 };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be', damaged: 0 };
  const binary = binaryReason(bytes);
  if (binary) return { ok: false, problem: 'binary', detail: binary };
  try {
    return { ok: true, text: utf8Fatal.decode(bytes), encoding: 'utf-8', damaged: 0 };
  } catch {
    // Not UTF-8: GB18030 is what Chinese newsroom systems write when they do not write UTF-8.
  }
  // A UTF-8 page with a byte or two damaged would often pass as (garbled) GB18030, which accepts almost any byte pair:
  // so when the text is plainly UTF-8 Chinese apart from a few bad sequences, read it as UTF-8.
  const asUtf8 = utf8Lenient.decode(bytes);
  const bad8 = countReplacements(asUtf8);
  if (bad8 <= bytes.length / 1000 && countWideChars(asUtf8) >= 10 * bad8) return { ok: true, text: asUtf8, encoding: 'utf-8', damaged: bad8 };
  try {
    return { ok: true, text: gbFatal.decode(bytes), encoding: 'gb18030', damaged: 0 };
  } catch {
    // Neither decodes cleanly.
  }
  const asGb = gbLenient.decode(bytes);
  const badGb = countReplacements(asGb);
  if (badGb <= bytes.length / 1000) return { ok: true, text: asGb, encoding: 'gb18030', damaged: badGb };
  return { ok: false, problem: 'bad-encoding', detail: `it is neither UTF-8 nor GB18030 (${Math.min(bad8, badGb)} undecodable sequences in ${bytes.length} bytes)` };
}

/** Decodes one complete line (or a run of complete lines) of a JSON Lines file: UTF-8, else GB18030, else null. */
export function decodeLine(bytes: Uint8Array): string | null {
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    try {
      return gbFatal.decode(bytes);
    } catch {
      return null;
    }
  }
}
