// A GB18030 encoder for tests: Node can decode GB18030 (full ICU) but not encode it, and iconv-lite is not a
// dependency. The table is the inverse of Node's own decoder over every 2-byte code and the 4-byte codes of the BMP.
let table: Map<string, number[]> | null = null;

function buildTable(): Map<string, number[]> {
  const decoder = new TextDecoder('gb18030');
  const map = new Map<string, number[]>();
  const add = (bytes: number[]) => {
    const s = decoder.decode(Uint8Array.from(bytes));
    if (s.length === 1 && s !== '\uFFFD' && !map.has(s)) map.set(s, bytes);
  };
  for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) add([a, b]);
  for (let a = 0x81; a <= 0x84; a++)
    for (let b = 0x30; b <= 0x39; b++) for (let c = 0x81; c <= 0xfe; c++) for (let d = 0x30; d <= 0x39; d++) add([a, b, c, d]);
  return map;
}

export function encodeGb18030(text: string): Buffer {
  table ??= buildTable();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const bytes = table.get(ch);
    if (!bytes) throw new Error(`no GB18030 bytes for U+${cp.toString(16).toUpperCase()}`);
    out.push(...bytes);
  }
  return Buffer.from(out);
}
