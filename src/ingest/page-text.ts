// Newspaper page text (the archive's native form, extracted from print layout) → articles.
//
// What a page looks like (see corpus/jinri-tonglu.txt): `## ` headlines (main title and subtitle on one line),
// `**本报讯**(记者 王珊婷)` opening an article with its byline, bylines that close an article on their own line,
// paragraphs broken by the layout in mid-sentence or mid-word (`中国·桐` / `庐富春江`), and headlines that lost their
// `## ` and drifted away from their article (on the sample page, to the last two lines).
import { extractAuthors, isBylineParen, leadingParenLength, readDateline } from './byline.js';
import { matchHeadlines } from './headline-match.js';
import { hasHeadlineShape, MAX_HEADLINE_LINE } from './headline-shape.js';
import { isAdPlaceholder, isCreditLine, readCredit } from './not-articles.js';
import { type Place, articleAt } from './text-meta.js';
import type { TextFileResult } from './text-file-result.js';

// ---------------------------------------------------------------------------------------------------------------
// Lines → units

type Unit =
  /** `## 主题`; level is the number of `#`. */
  | { kind: 'heading'; line: number; text: string; level: number }
  /** An editor credit (本版责编：…) or a line printed with one (版式设计：…): not an article. */
  | { kind: 'credit'; line: number; text: string }
  /** A bare 广告 (advertisement) placeholder: not an article. */
  | { kind: 'ad'; line: number }
  /** A paragraph that opens an article: dateline (**本报讯**) and/or byline, then maybe text. */
  | { kind: 'lead'; line: number; byline: string | null; authorsFrom: string | null; text: string; marker: boolean }
  /** A paragraph that is a byline and nothing else: `(记者 孙梦佳 通讯员 陈炫岚/文 记者 单佳铭/摄)`. */
  | { kind: 'byline'; line: number; byline: string }
  | { kind: 'text'; line: number; text: string; headlineShape: boolean; subhead: boolean };

/** A real paragraph end: 。！？… (or ；： . ! ?), then any closing quotes or brackets. */
const PARAGRAPH_END = /[。！？!?…；;：:.][”’」』）)\]】》〉"']*$/;
/** Signs that a short line inside an article is its own subheading, not a sentence cut by the layout. */
const SUBHEAD_ENUMERATOR = /^(?:[一二三四五六七八九十]+[、.]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．])/;

const MAX_HEADLINE_LINES = 3;

function collapseSpaces(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}

function stripEmphasis(text: string): string {
  return text.replace(/\*\*/g, '');
}

function classify(raw: string, line: number): Unit {
  const heading = /^(#{1,6})[ \t\u3000]+(.*?)(?:[ \t]+#+)?$/.exec(raw);
  const text = collapseSpaces(stripEmphasis(heading ? heading[2] : raw));
  if (isAdPlaceholder(text, '')) return { kind: 'ad', line };
  if (isCreditLine(text)) return { kind: 'credit', line, text };
  if (heading) return { kind: 'heading', line, text, level: heading[1].length };

  const lead = readDateline(raw);
  if (lead) return { kind: 'lead', line, byline: lead.byline, authorsFrom: lead.authorsFrom, text: collapseSpaces(stripEmphasis(lead.rest)), marker: true };

  if (isBylineParen(text)) return { kind: 'byline', line, byline: text };
  // `(记者 王珊婷)12月27日,…` without a dateline: a byline opening the paragraph (only honoured at an article's start).
  const parenLength = leadingParenLength(text);
  if (parenLength && parenLength < text.length && isBylineParen(text.slice(0, parenLength))) {
    const paren = text.slice(0, parenLength);
    return { kind: 'lead', line, byline: paren, authorsFrom: paren, text: text.slice(parenLength).trim(), marker: false };
  }
  const bold = /^\*\*[^*]+\*\*$/.test(raw);
  const subhead = bold || SUBHEAD_ENUMERATOR.test(text) || /[\u4e00-\u9fff”》] [“《\u4e00-\u9fff]/.test(text);
  return { kind: 'text', line, text, headlineShape: hasHeadlineShape(text), subhead: subhead && text.length <= MAX_HEADLINE_LINE };
}

// ---------------------------------------------------------------------------------------------------------------
// Units → article drafts

interface Paragraph {
  text: string;
  /** The paragraph stops mid-sentence, so the layout may have cut it: the next text paragraph continues it. */
  open: boolean;
}

interface Draft {
  kicker: string | null;
  title: string | null;
  subtitle: string | null;
  /** The `#` count of the heading that gave the title; null when the title is not a `#` heading. */
  level: number | null;
  line: number;
  byline: string | null;
  authors: string[];
  paragraphs: Paragraph[];
  /** A closing byline ended it: further text belongs to a new article. */
  closed: boolean;
}

interface LooseHeadline {
  text: string;
  line: number;
  /** The bare draft it was, when it was one (it keeps kicker and subtitle, and a `#` one is kept on its own). */
  draft?: Draft;
}

function newDraft(line: number, title: string | null, level: number | null): Draft {
  return { kicker: null, title, subtitle: null, level, line, byline: null, authors: [], paragraphs: [], closed: false };
}

/** A subtitle (副题) often opens with a dash: `——写在第二十四个中国记者节`. */
const SUBTITLE_DASH = /^[—–]/;

/**
 * A heading right under a bare heading belongs to the same headline: a deeper one, or one opening with ——, is its
 * subtitle (`## 主题` / `### 副题`); a shallower one makes the first its kicker (`### 引题` / `## 主题`); two of one
 * level are one headline that the layout split.
 */
function addHeading(draft: Draft, text: string, level: number): void {
  if (draft.subtitle !== null) draft.subtitle = `${draft.subtitle} ${text}`;
  else if (SUBTITLE_DASH.test(text) || (draft.level !== null && level > draft.level)) draft.subtitle = text;
  else if (draft.kicker === null && draft.level !== null && level < draft.level) {
    draft.kicker = draft.title;
    draft.title = text;
    draft.level = level;
  } else draft.title = `${draft.title} ${text}`;
}

/** Glues a paragraph's continuation on: nothing between Chinese characters, a space between two Latin words. */
function joinBroken(before: string, after: string): string {
  return /[A-Za-z]$/.test(before) && /^[A-Za-z]/.test(after) ? `${before} ${after}` : before + after;
}

function addText(draft: Draft, text: string, subhead: boolean): void {
  if (!text) return;
  const last = draft.paragraphs[draft.paragraphs.length - 1];
  const open = !subhead && !PARAGRAPH_END.test(text);
  if (last?.open) {
    last.text = joinBroken(last.text, text);
    last.open = open;
  } else {
    draft.paragraphs.push({ text, open });
  }
}

function addByline(draft: Draft, byline: string, authorsFrom: string | null): void {
  draft.byline = draft.byline ? `${draft.byline} ${byline}` : byline;
  if (authorsFrom) draft.authors = [...new Set([...draft.authors, ...extractAuthors(authorsFrom)])];
}

function isBare(draft: Draft | null): draft is Draft {
  return draft !== null && draft.paragraphs.length === 0 && draft.byline === null;
}

function toDrafts(units: Unit[]): { drafts: Draft[]; loose: LooseHeadline[] } {
  const drafts: Draft[] = [];
  const loose: LooseHeadline[] = [];
  let current: Draft | null = null;
  const start = (line: number, title: string | null, level: number | null = null): Draft => {
    current = newDraft(line, title, level);
    drafts.push(current);
    return current;
  };

  for (let i = 0; i < units.length; i++) {
    const unit = units[i];
    const cur = current as Draft | null;
    switch (unit.kind) {
      case 'heading': {
        if (isBare(cur) && cur.title !== null) addHeading(cur, unit.text, unit.level);
        else start(unit.line, unit.text, unit.level);
        break;
      }
      case 'lead': {
        if (!unit.marker && cur && cur.paragraphs.length > 0 && !cur.closed) {
          addText(cur, unit.byline + unit.text, false); // a parenthesis inside a story, not a new byline
          break;
        }
        const draft = isBare(cur) ? cur : start(unit.line, null);
        if (unit.byline) addByline(draft, unit.byline, unit.authorsFrom);
        addText(draft, unit.text, false);
        break;
      }
      case 'byline': {
        if (cur && (cur.paragraphs.length > 0 || cur.byline !== null)) {
          addByline(cur, unit.byline, unit.byline);
          cur.closed = true;
        } else {
          addByline(cur ?? start(unit.line, null), unit.byline, unit.byline);
        }
        break;
      }
      case 'text': {
        const continuing = cur !== null && !cur.closed && cur.paragraphs.length > 0 && cur.paragraphs[cur.paragraphs.length - 1].open;
        if (unit.headlineShape && !continuing) {
          // A run of short unpunctuated lines after a finished paragraph: a headline if what follows it is the start
          // of an article (dateline, heading, end of page), or text when no article is open; otherwise it is body.
          let j = i;
          while (j < units.length && j - i < MAX_HEADLINE_LINES) {
            const u = units[j];
            if (u.kind !== 'text' || !u.headlineShape) break;
            j++;
          }
          const run = units.slice(i, j) as Extract<Unit, { kind: 'text' }>[];
          const text = run.map((u) => u.text).join(' ');
          const next = units[j];
          if (isBare(cur) && cur.title !== null) {
            cur.title = `${cur.title} ${text}`;
            i = j - 1;
            break;
          }
          if (next === undefined || next.kind === 'heading') {
            loose.push({ text, line: unit.line });
            i = j - 1;
            break;
          }
          if (next.kind === 'lead' || cur === null || cur.closed) {
            start(unit.line, text);
            i = j - 1;
            break;
          }
        }
        addText(cur === null || cur.closed ? start(unit.line, null) : cur, unit.text, unit.subhead);
        break;
      }
    }
  }
  return { drafts, loose };
}

// ---------------------------------------------------------------------------------------------------------------
// Drafts → articles

/** The first sentence, as a title for an article whose headline could not be found. */
export function firstSentence(body: string, max = 80): string {
  const paragraph = body.split('\n', 1)[0] ?? '';
  const m = /^(.+?)[。！？!?]/.exec(paragraph);
  const sentence = (m ? m[1] : paragraph).trim();
  return sentence.length > max ? `${sentence.slice(0, max)}…` : sentence;
}

/**
 * The articles of page text (after its front matter, which took `offset` lines), in page order. A `#` headline with no
 * text under it that no untitled article takes is a headline-only item (图片报道 whose picture is not in the text): kept.
 */
export function parsePageLines(body: string, offset: number, place: Place, file: string): TextFileResult {
  const result: TextFileResult = { layout: 'page', place, articles: [], lines: [], issues: [], credits: [], notArticles: [] };
  const units: Unit[] = [];
  let lastCredit = -2;
  body.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (!trimmed) return;
    const unit = classify(trimmed, offset + index + 1);
    if (unit.kind === 'ad') result.notArticles.push({ reason: 'advertisement', line: unit.line });
    else if (unit.kind !== 'credit') units.push(unit);
    else {
      // Lines of one credit (本版责编：… then 版式设计：…) count once.
      if (lastCredit !== units.length) result.notArticles.push({ reason: 'editor-credit', line: unit.line });
      lastCredit = units.length;
      result.credits.push(...readCredit(unit.text));
    }
  });

  const { drafts, loose } = toDrafts(units);
  const kept: Draft[] = [];
  for (const draft of drafts) {
    draft.paragraphs = draft.paragraphs.filter((p) => p.text.trim() !== '');
    if (draft.paragraphs.length > 0) kept.push(draft);
    else if (draft.title !== null && draft.byline === null) loose.push({ text: draft.title, line: draft.line, draft }); // a headline with no story under it
    else {
      const what = draft.title !== null ? `the article "${draft.title}"` : `the byline ${draft.byline}`;
      result.issues.push({ reason: 'missing-body', line: draft.line, text: `${what} has no text under it; skipped. If its text is elsewhere on the page, move it right below.` });
    }
  }

  const untitled = kept.filter((d) => d.title === null);
  const given = matchHeadlines(loose.map((h) => h.text), untitled.map((d) => d.paragraphs.slice(0, 2).map((p) => p.text).join('')));
  const usedLoose = new Set<number>();
  untitled.forEach((draft, k) => {
    if (given[k] === -1) return;
    const headline = loose[given[k]];
    draft.title = headline.text;
    draft.kicker = headline.draft?.kicker ?? null;
    draft.subtitle = headline.draft?.subtitle ?? null;
    usedLoose.add(given[k]);
  });
  loose.forEach((headline, k) => {
    if (usedLoose.has(k)) return;
    if (headline.draft && headline.draft.level !== null) kept.push(headline.draft);
    else {
      result.issues.push({
        reason: 'orphan-headline',
        line: headline.line,
        text: `the headline "${headline.text}" matches no article on this page (no article's opening paragraph repeats enough of it); it is not indexed. If it belongs to an article, put it as a \`## \` line right above that article.`,
      });
    }
  });

  kept.sort((a, b) => a.line - b.line);
  result.articles = kept.map((draft, k) => {
    const bodyText = draft.paragraphs.map((p) => p.text).join('\n');
    return articleAt(place, file, k + 1, { kicker: draft.kicker, title: draft.title ?? firstSentence(bodyText), subtitle: draft.subtitle, authors: draft.authors, byline: draft.byline, body: bodyText });
  });
  result.lines = kept.map((d) => d.line);
  return result;
}
