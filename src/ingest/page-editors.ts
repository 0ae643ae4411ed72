// Editor credits → the `editors` of the articles of the pages they name. A credit is often printed after its page's
// articles (in an article archive, a file of its own, last on the page), and one page's credit may name the editors
// of other pages (一版责编：… 二版责编：…), so the articles of one day in one folder are held until the folder or
// the date changes.
import type { Article } from '../types.js';
import type { EditorCredit } from './not-articles.js';
import { pageKey } from './page-label.js';

/** Articles held at most, so that memory stays bounded on any archive (an undated folder of 100,000 files, say). */
export const MAX_HELD_ARTICLES = 5000;

export class PageEditors {
  private group: string | null = null;
  private held: Article[] = [];
  /** page key → editor names, in the order credited. */
  private editors = new Map<string, string[]>();

  /**
   * Takes one file's articles and credits; `group` names its day and folder, `page` its page (for `本版` credits).
   * Returns the articles now complete: those held before, when the group changes (or too many are held).
   */
  add(group: string, page: string | null, articles: Article[], credits: EditorCredit[]): Article[] {
    const done = group === this.group ? [] : this.flush();
    this.group = group;
    for (const credit of credits) {
      const key = credit.page ?? pageKey(page);
      this.editors.set(key, [...new Set([...(this.editors.get(key) ?? []), ...credit.editors])]);
    }
    this.held.push(...articles);
    if (this.held.length >= MAX_HELD_ARTICLES) {
      // Credits that come later will not reach these; a real day of a paper holds far fewer articles.
      done.push(...this.flush());
      this.group = group;
    }
    return done;
  }

  /** Gives out every article held, each with its page's editors, and forgets the group. */
  flush(): Article[] {
    const done = this.held;
    for (const article of done) article.editors = this.editors.get(pageKey(article.page)) ?? article.editors;
    this.group = null;
    this.held = [];
    this.editors = new Map();
    return done;
  }
}
