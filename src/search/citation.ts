// citeArticle: an article's headline, source, date, page and authors in → its citation, as text and as parts.
// The text follows the usual Chinese form for a newspaper article: 作者：《标题》，《报名》2024年12月30日第3版。

export interface Citation {
  /** The whole citation: `王珊婷、孙梦佳：《杭温高铁沿线的桐庐故事》，《今日桐庐》2023年3月2日第3版。` */
  text: string;
  headline: string;
  /** The paper or programme, a trailing gloss in brackets left out (央视《新闻联播》); null when unknown. */
  source: string | null;
  /** YYYY-MM-DD, or null. */
  date: string | null;
  /** The date as written in a citation: 2023年3月2日; null when undated. */
  date_text: string | null;
  /** The page label as printed, or null. */
  page: string | null;
  /** The page as cited: 第3版, 第A03版; null when unknown. */
  page_text: string | null;
  authors: string[];
}

/** `2023-03-02` → `2023年3月2日`. */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** The paper's name as cited: a trailing gloss in brackets dropped (央视《新闻联播》(CCTV …) → 央视《新闻联播》). */
function sourceName(source: string | null): string | null {
  return source?.replace(/\s*[（(][^（()）]*[)）]\s*$/, '').trim() || null;
}

export function citeArticle(article: { title: string; source: string | null; date: string | null; page: string | null; authors: string[] }): Citation {
  const source = sourceName(article.source);
  // In 《》 unless the name has its own (央视《新闻联播》).
  const cited = source === null ? '' : /《.*》/.test(source) ? source : `《${source}》`;
  const dateText = article.date ? chineseDate(article.date) : null;
  const pageText = article.page ? `第${article.page}版` : null;
  // Book-title marks inside a title in 《》 become single ones: 《〈求是〉杂志发表…》.
  const headline = `《${article.title.replace(/《/g, '〈').replace(/》/g, '〉')}》`;
  const where = `${cited}${dateText ?? ''}${pageText ?? ''}`;
  const text = `${article.authors.length > 0 ? `${article.authors.join('、')}：` : ''}${headline}${where ? `，${where}` : ''}。`;
  return { text, headline: article.title, source, date: article.date, date_text: dateText, page: article.page, page_text: pageText, authors: article.authors };
}
