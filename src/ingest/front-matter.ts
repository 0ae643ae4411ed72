// Optional YAML front matter at the top of a page file: `---` / `key: value` lines / `---`.

export interface FrontMatterField {
  value: string;
  /** 1-based line in the file. */
  line: number;
}

export interface FrontMatter {
  /** Keys lower-cased, values unquoted; `#` comments and blank lines dropped. */
  fields: Map<string, FrontMatterField>;
  /** Lines of the file the front matter took (so page line numbers stay file line numbers). */
  lineCount: number;
  /** Problems found (a line that is not `key: value`, no closing fence); the valid fields are still used. */
  problems: { line: number; text: string }[];
}

const MAX_LINES = 60;
const FIELD = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$/;
const FENCE_END = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Splits front matter off a page. Only a file whose first line is exactly `---` has front matter, closed by `---`
 * or `...` within 60 lines. Only flat `key: value` pairs are understood (all a page needs: date, paper, page).
 * When the closing fence is missing, the front matter is taken to end at the first line that is not `key: value`
 * (and that is reported), so a forgotten `---` does not turn `date: …` into a news story.
 */
export function splitFrontMatter(text: string): { frontMatter: FrontMatter | null; body: string } {
  if (!/^---[ \t]*(?:\n|$)/.test(text)) return { frontMatter: null, body: text };
  const lines = text.split('\n');
  let end = -1;
  for (let i = 1; i < Math.min(lines.length, MAX_LINES + 2); i++) {
    if (FENCE_END.test(lines[i])) {
      end = i;
      break;
    }
  }
  const problems: FrontMatter['problems'] = [];
  let bodyStart = end + 1;
  if (end === -1) {
    end = 1;
    while (end < lines.length && FIELD.test(lines[end])) end++;
    bodyStart = end;
    problems.push({ line: 1, text: `the front matter that starts on line 1 is never closed by a \`---\` line; it is taken to end after line ${end}, its last \`key: value\` line. Add the closing \`---\`.` });
  }
  const fields = new Map<string, FrontMatterField>();
  for (let i = 1; i < end; i++) {
    const line = lines[i].replace(/\s+#.*$/, '').trimEnd();
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = FIELD.exec(line);
    if (!m) {
      problems.push({ line: i + 1, text: `front matter line ${JSON.stringify(line.slice(0, 40))} is not \`key: value\`; it is ignored.` });
      continue;
    }
    fields.set(m[1].toLowerCase(), { value: unquote(m[2].trim()), line: i + 1 });
  }
  return { frontMatter: { fields, lineCount: bodyStart, problems }, body: lines.slice(bodyStart).join('\n') };
}

function unquote(value: string): string {
  if (value.length >= 2 && ((value[0] === '"' && value.endsWith('"')) || (value[0] === "'" && value.endsWith("'")))) return value.slice(1, -1);
  return value;
}
