// Query string → query tree. Pure and lenient: whatever a reader types (or pastes) gives a tree or null, never an
// exception, in time linear in the input, with warnings saying what was ignored or repaired.
//
// Grammar (OR binds tighter than the implicit AND; '-' tighter than OR):
//
//   query   := clause*                                  implicit AND of the clauses
//   clause  := unary ( OR unary )*                      OR  = "OR" (upper case, a word of its own) | "|" | "｜"
//   unary   := ( NOT | field )* primary                 NOT = "-" | "－" at the start of a word, or the word "NOT"
//   field   := ( "title" | "标题" | "標題" | "author" | "作者" ) ( ":" | "："  )     (Latin names in any case)
//   primary := phrase | word | "(" query ")"             parentheses: ASCII or full-width （ ）
//   phrase  := "…" | “…” | 「…」 | 『…』 | ＂…＂            straight quotes (" ＂) close each other; “ also closes on them
//   word    := a run of anything but whitespace, quotes, parentheses and "|" / "｜"
//
// Separators: every Unicode space (ASCII, U+3000 ideographic space, tabs, newlines). The word "AND" is accepted and
// means nothing more than the space around it. A word with an unknown prefix (`xyz:abc`, `10:30`, `http://…`) is a
// normal word. A field applies to the unary after it, including a group: `title:(快递 OR 物流)`, `title:-快递`.
//
// Repairs (each with a warning): input beyond MAX_QUERY_LENGTH is cut; control characters act as spaces, invisible
// format characters (zero-width, bidi marks) and lone surrogates are dropped; an unclosed quote runs to the end; an
// unclosed "(" closes at the end, a stray ")" is dropped; groups deeper than MAX_DEPTH are flattened into their parent;
// a lone "-", an empty `title:`, a dangling OR, empty quotes and words without a letter or digit are ignored; an
// exclusion cannot be an OR alternative (dropped); clauses beyond MAX_CLAUSES are dropped; a query of exclusions only
// has nothing to rank, so its root is null.
//
// Tree invariants (what the engine may rely on): `not` appears only as a child of `and`, and its child is never a `not`
// nor all-negative; `and` has at least two children and at least one is not a `not`; `or` has at least two children,
// none `not` or `or`; `and` never holds an `and`; identical siblings are merged; the root is never a `not`.

export type Field = 'any' | 'title';
export type QueryNode =
  | { kind: 'term'; text: string; field: Field }
  | { kind: 'phrase'; text: string; field: Field }
  | { kind: 'author'; name: string }
  | { kind: 'not'; child: QueryNode }
  | { kind: 'or'; children: QueryNode[] }
  | { kind: 'and'; children: QueryNode[] };

export interface ParsedQuery {
  /** null: nothing searchable (empty, only operators, only exclusions). */
  root: QueryNode | null;
  /** Human-readable notes on what was ignored or repaired, in input order, each once. */
  warnings: string[];
}

/**
 * Characters (UTF-16 units) of a query that are read; the rest is cut with a warning. The one query-length limit:
 * the HTTP API refuses longer `q` parameters with it too.
 */
export const MAX_QUERY_LENGTH = 500;
/** Nesting depth of parentheses kept; deeper groups are flattened into their parent. */
export const MAX_DEPTH = 8;
/** Terms, phrases and author names kept; later ones are dropped. Bounds the work of the engine per query. */
export const MAX_CLAUSES = 32;

type FieldCtx = Field | 'author';

type Tok =
  | { t: 'word'; text: string }
  | { t: 'phrase'; text: string }
  | { t: 'field'; field: FieldCtx; empty: boolean }
  | { t: 'not' }
  | { t: 'or' }
  | { t: 'open' }
  | { t: 'close' };

const FIELD_NAMES: ReadonlyMap<string, FieldCtx> = new Map([
  ['title', 'title'],
  ['标题', 'title'],
  ['標題', 'title'],
  ['author', 'author'],
  ['作者', 'author'],
]);

// Opening quote → the characters that close it. Readers mix IME and ASCII quotes, so straight quotes are accepted as
// closers of the curly ones too.
const QUOTES: ReadonlyMap<string, string> = new Map([
  ['"', '"＂'],
  ['＂', '＂"'],
  ['“', '”"＂'],
  ['「', '」'],
  ['『', '』'],
]);

const SEARCHABLE = /[\p{L}\p{N}]/u;

// Lone surrogates; zero-width spaces and joiners, bidi marks and embeddings, word joiner, BOM: pasted along, never meant.
const INVISIBLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\u061C]/g;
// Every Unicode space, and control characters, separate words.
const SEPARATOR = /[\s\x00-\x1F\x7F-\x9F]/g;

function isOpenParen(ch: string): boolean {
  return ch === '(' || ch === '（';
}
function isCloseParen(ch: string): boolean {
  return ch === ')' || ch === '）';
}
function isPipe(ch: string): boolean {
  return ch === '|' || ch === '｜';
}
function isDash(ch: string): boolean {
  return ch === '-' || ch === '－';
}
/** Ends a word: whitespace (already mapped to ' '), a quote opener, a parenthesis or a pipe. */
function isDelimiter(ch: string): boolean {
  return ch === ' ' || QUOTES.has(ch) || isOpenParen(ch) || isCloseParen(ch) || isPipe(ch);
}

class Warnings {
  readonly list: string[] = [];
  private readonly seen = new Set<string>();
  add(message: string): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    this.list.push(message);
  }
}

/** Cuts, then maps separators to ' ' and drops what can never be typed meaningfully. Linear. */
function sanitize(input: string, warn: Warnings): string {
  let text = input;
  if (text.length > MAX_QUERY_LENGTH) {
    let cut = MAX_QUERY_LENGTH;
    const c = text.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--; // do not keep half of a surrogate pair
    text = text.slice(0, cut);
    warn.add(`The query is longer than ${MAX_QUERY_LENGTH} characters; only the first ${MAX_QUERY_LENGTH} were used.`);
  }
  const kept = text.replace(INVISIBLE, '');
  if (kept.length !== text.length) warn.add('Invisible characters (bidi marks, zero-width characters, broken surrogates) were removed.');
  return kept.replace(SEPARATOR, ' ');
}

/** One pass over the sanitized text. Parentheses come out balanced and at most MAX_DEPTH deep. */
function lex(text: string, warn: Warnings): Tok[] {
  const toks: Tok[] = [];
  const parens: boolean[] = []; // per open "(": was it kept?
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === ' ') {
      i++;
    } else if (QUOTES.has(ch)) {
      const closers = QUOTES.get(ch)!;
      let j = i + 1;
      while (j < n && !closers.includes(text[j])) j++;
      if (j >= n) warn.add(`The quote ${ch} is not closed; the rest of the query was taken as the phrase.`);
      const body = text.slice(i + 1, j).trim().replace(/ +/g, ' ');
      if (body === '') warn.add('Empty quotes were ignored.');
      else toks.push({ t: 'phrase', text: body });
      i = j + 1;
    } else if (isOpenParen(ch)) {
      const keep = depth < MAX_DEPTH;
      parens.push(keep);
      if (keep) {
        depth++;
        toks.push({ t: 'open' });
      } else warn.add(`Parentheses nested deeper than ${MAX_DEPTH} levels were flattened.`);
      i++;
    } else if (isCloseParen(ch)) {
      if (parens.length === 0) warn.add('An unmatched ")" was ignored.');
      else if (parens.pop()) {
        depth--;
        toks.push({ t: 'close' });
      }
      i++;
    } else if (isPipe(ch)) {
      toks.push({ t: 'or' });
      i++;
    } else if (isDash(ch)) {
      // At the start of a word: an exclusion. Repeated dashes count once.
      while (i < n && isDash(text[i])) i++;
      if (i >= n || text[i] === ' ' || isCloseParen(text[i]) || isPipe(text[i])) warn.add('A lone "-" was ignored.');
      else toks.push({ t: 'not' });
    } else {
      let j = i;
      while (j < n && !isDelimiter(text[j])) j++;
      const word = text.slice(i, j);
      const field = fieldPrefix(word);
      if (field) {
        // A field name and its colon; what follows is lexed as the start of a new word (a quote, "(", "-" or a word).
        const after = i + field.length;
        const next = after < n ? text[after] : ' ';
        const empty = next === ' ' || isCloseParen(next) || isPipe(next);
        toks.push({ t: 'field', field: field.field, empty });
        i = after;
      } else {
        if (word === 'OR') toks.push({ t: 'or' });
        else if (word === 'NOT') toks.push({ t: 'not' });
        else if (word !== 'AND') toks.push({ t: 'word', text: word });
        i = j;
      }
    }
  }
  if (depth > 0) warn.add('An unclosed "(" was closed at the end of the query.');
  return toks;
}

/** `title:…` → the field and the length of its prefix (name + colon); null for unknown prefixes like `10:30`. */
function fieldPrefix(word: string): { field: FieldCtx; length: number } | null {
  let colon = -1;
  for (let k = 0; k < word.length && k < 8; k++) {
    if (word[k] === ':' || word[k] === '：') {
      colon = k;
      break;
    }
  }
  if (colon <= 0) return null;
  const field = FIELD_NAMES.get(word.slice(0, colon).normalize('NFKC').toLowerCase());
  return field ? { field, length: colon + 1 } : null;
}

function isAllNegative(node: QueryNode): boolean {
  return node.kind === 'not' || (node.kind === 'and' && node.children.every((c) => c.kind === 'not'));
}

/** An AND or OR of children: nested nodes of the same kind flattened, identical siblings merged, one child unwrapped. */
function combine(kind: 'and' | 'or', children: QueryNode[]): QueryNode | null {
  const flat: QueryNode[] = [];
  const seen = new Set<string>();
  for (const child of children) {
    for (const c of child.kind === kind ? child.children : [child]) {
      const key = describeQuery(c); // equal trees give equal text
      if (!seen.has(key)) {
        seen.add(key);
        flat.push(c);
      }
    }
  }
  if (flat.length === 0) return null;
  return flat.length === 1 ? flat[0] : { kind, children: flat };
}

class Parser {
  private pos = 0;
  private clauses = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly warn: Warnings,
  ) {}

  /** query := clause* — up to the end, or a ")" when inside a group (the caller consumes it). */
  parseAnd(inGroup: boolean, field: FieldCtx): QueryNode | null {
    const children: QueryNode[] = [];
    while (this.pos < this.toks.length) {
      const tok = this.toks[this.pos];
      if (tok.t === 'close') {
        if (inGroup) break;
        this.pos++; // cannot happen after lex(), which balances parentheses; kept for safety
        continue;
      }
      if (tok.t === 'or') {
        this.warn.add('An OR without a term before it was ignored.');
        this.pos++;
        continue;
      }
      const node = this.parseOr(field);
      if (node) children.push(node);
    }
    return combine('and', children);
  }

  /** clause := unary (OR unary)* */
  private parseOr(field: FieldCtx): QueryNode | null {
    const alternatives: (QueryNode | null)[] = [this.parseUnary(field)];
    while (this.peek()?.t === 'or') {
      while (this.peek()?.t === 'or') this.pos++; // "OR OR", "||" count once
      const next = this.peek();
      if (!next || next.t === 'close') {
        this.warn.add('An OR without a term after it was ignored.');
        break;
      }
      alternatives.push(this.parseUnary(field));
    }
    if (alternatives.length === 1) return alternatives[0];
    const kept: QueryNode[] = [];
    for (const alt of alternatives) {
      if (!alt) continue;
      if (isAllNegative(alt)) this.warn.add('An exclusion cannot be an OR alternative; it was ignored.');
      else kept.push(alt);
    }
    return combine('or', kept);
  }

  /** unary := (NOT | field)* primary */
  private parseUnary(field: FieldCtx): QueryNode | null {
    let negate = false;
    for (;;) {
      const tok = this.peek();
      if (tok?.t === 'not') {
        negate = true;
        this.pos++;
      } else if (tok?.t === 'field') {
        this.pos++;
        if (tok.empty) {
          this.warn.add('A field prefix with nothing after it (like "title:") was ignored.');
          return null;
        }
        field = tok.field;
      } else break;
    }
    const tok = this.peek();
    if (!tok || tok.t === 'or' || tok.t === 'close') {
      if (negate) this.warn.add('An exclusion ("-" or NOT) with nothing after it was ignored.');
      return null;
    }
    const node = this.parsePrimary(field);
    if (!node || !negate) return node;
    if (isAllNegative(node)) {
      this.warn.add('An exclusion of an exclusion was ignored.');
      return null;
    }
    return { kind: 'not', child: node };
  }

  /** primary := phrase | word | "(" query ")" */
  private parsePrimary(field: FieldCtx): QueryNode | null {
    const tok = this.toks[this.pos++];
    if (tok.t === 'open') {
      const inner = this.parseAnd(true, field);
      if (this.peek()?.t === 'close') this.pos++;
      if (!inner) this.warn.add('Empty parentheses were ignored.');
      return inner;
    }
    if (tok.t !== 'word' && tok.t !== 'phrase') return null; // unreachable: parseUnary consumed the rest
    if (!SEARCHABLE.test(tok.text)) {
      this.warn.add(`"${tok.text.slice(0, 20)}" has no letter or digit to search for; it was ignored.`);
      return null;
    }
    if (this.clauses >= MAX_CLAUSES) {
      this.warn.add(`Only the first ${MAX_CLAUSES} terms were used.`);
      return null;
    }
    this.clauses++;
    if (field === 'author') return { kind: 'author', name: tok.text };
    return { kind: tok.t === 'word' ? 'term' : 'phrase', text: tok.text, field };
  }

  private peek(): Tok | undefined {
    return this.toks[this.pos];
  }
}

export function parseQuery(input: string): ParsedQuery {
  const warn = new Warnings();
  const text = sanitize(typeof input === 'string' ? input : '', warn);
  const root = new Parser(lex(text, warn), warn).parseAnd(false, 'any');
  if (root && isAllNegative(root)) {
    warn.add('The query has only exclusions ("-…"); add a term to search for.');
    return { root: null, warnings: warn.list };
  }
  if (!root && warn.list.length > 0 && text.trim() !== '') warn.add('Nothing searchable is left in the query.');
  return { root, warnings: warn.list };
}

/** A word that re-lexes as exactly itself: no delimiter, no leading dash, not an operator or field prefix. */
function isPlainWord(text: string): boolean {
  if (text === '' || text === 'OR' || text === 'AND' || text === 'NOT' || isDash(text[0]) || fieldPrefix(text)) return false;
  for (const ch of text) if (isDelimiter(ch) || /[\s\x00-\x1F\x7F-\x9F]/.test(ch)) return false;
  return true;
}

/** Quotes `text` with the first quote style whose closers it does not contain. */
function quote(text: string): string {
  if (!/["＂]/.test(text)) return `"${text}"`;
  if (!text.includes('」')) return `「${text}」`;
  if (!text.includes('』')) return `『${text}』`;
  // Quote characters never match anything (only letters and digits are indexed), so dropping them is harmless.
  return `"${text.replace(/["＂]/g, '')}"`;
}

/**
 * Canonical text of a tree, for cache keys and --explain: ASCII operators, straight quotes, minimal parentheses.
 * Parsing it again gives the same tree.
 */
export function describeQuery(root: QueryNode | null): string {
  if (!root) return '';
  switch (root.kind) {
    case 'term':
      return (root.field === 'title' ? 'title:' : '') + (isPlainWord(root.text) ? root.text : quote(root.text));
    case 'phrase':
      return (root.field === 'title' ? 'title:' : '') + quote(root.text);
    case 'author':
      return 'author:' + (isPlainWord(root.name) ? root.name : quote(root.name));
    case 'not': {
      const inner = describeQuery(root.child);
      return root.child.kind === 'and' || root.child.kind === 'or' ? `-(${inner})` : `-${inner}`;
    }
    case 'or':
      return root.children.map((c) => (c.kind === 'and' ? `(${describeQuery(c)})` : describeQuery(c))).join(' OR ');
    case 'and':
      return root.children.map((c) => describeQuery(c)).join(' ');
  }
}
