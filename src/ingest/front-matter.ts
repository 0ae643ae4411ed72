// Optional YAML front matter at the top of a page file: `---` / `key: value` lines / `---`.

export interface FrontMatter {
  /** Keys lower-cased, values unquoted; `#` comments and blank lines dropped. */
  fields: Map<string, string>;
  /** Lines of the file the front matter took (so page line numbers stay file line numbers). */
  lineCount: number;
  /** Problems found, e.g. a line that is not `key: value`; the valid fields are still used. */
  problems: string[];
}

const MAX_LINES = 60;

/**
 * Splits front matter off a page. Only a file whose first line is exactly `---` has front matter, closed by `---`
 * or `...`. Only flat `key: value` pairs are understood (that is all a page needs: date, paper, page); an unclosed
 * block within the first 60 lines is reported, and then the file is read as if it had none.
 */
export function splitFrontMatter(text: string): { frontMatter: FrontMatter | null; body: string; unclosed: boolean } {
  if (!/^---[ \t]*(?:\n|$)/.test(text)) return { frontMatter: null, body: text, unclosed: false };
  const lines = text.split('\n');
  let end = -1;
  for (let i = 1; i < Math.min(lines.length, MAX_LINES + 2); i++) {
    if (/^(?:---|\.\.\.)[ \t]*$/.test(lines[i])) {
      end = i;
      break;
    }
  }
  if (end === -1) return { frontMatter: null, body: text, unclosed: true };
  const fields = new Map<string, string>();
  const problems: string[] = [];
  for (let i = 1; i < end; i++) {
    const line = lines[i].replace(/\s+#.*$/, '').trimEnd();
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (!m) {
      problems.push(`line ${i + 1} is not \`key: value\` (${JSON.stringify(line.slice(0, 40))})`);
      continue;
    }
    fields.set(m[1].toLowerCase(), unquote(m[2].trim()));
  }
  // Keep the line count of the file: the body starts on the line after the closing fence.
  return { frontMatter: { fields, lineCount: end + 1, problems }, body: lines.slice(end + 1).join('\n'), unclosed: false };
}

function unquote(value: string): string {
  if (value.length >= 2 && ((value[0] === '"' && value.endsWith('"')) || (value[0] === "'" && value.endsWith("'")))) return value.slice(1, -1);
  return value;
}
