// A file's path → the date, page and place on the page that its folders and name spell, in the forms archives and
// crawlers use: YYYY/MM/DD/PP.txt, YYYY-MM/DD/PP.txt, YYYYMMDD/PP.txt, YYYY-MM-DD-PP.txt, YYYYMMDD_PP.txt,
// YYYYMMDD-A03.txt, YYYYMMDD/YYYYMMDD-PP-NN.txt, …第03版….
import { basename, dirname, resolve, sep } from 'node:path';
import { type DateReading, isoDate } from './dates.js';

export interface PathPlace {
  /** Absent when the path spells no date; `ok: false` when it spells an impossible one (2024-02-30). */
  date?: DateReading;
  /** Page label as written (`02`, `A03`). */
  page?: string;
  /** Place on the page (`NN` of `…-PP-NN`). */
  position?: number;
}

// Years 1900–2099 only, so that other numbers (`12345678-notes.txt`) are not taken for dates.
const YEAR = '((?:19|20)\\d{2})';
/** A date opening a name: 2024-12-30, 2024_12_30, 2024.12.30 or 20241230 (the same separator throughout). */
const NAME_DATE = new RegExp(`^${YEAR}([-_.]?)(\\d{2})\\2(\\d{2})(?!\\d)`);
/** All that may follow the date for the name to give a page: `-02`, `_A03`, `-01-02` (page, then place). */
const PAGE_AFTER_DATE = /^[-_ ]([A-Z]?\d{1,3})(?:[-_](\d{1,3}))?$/;
/** A name that is a page and maybe a place, in a dated folder: `01`, `A03`, `01-02`. */
const PAGE_NAME = /^([A-Z]?\d{1,3})(?:[-_](\d{1,3}))?$/;
/** `第03版`, `第A3版` anywhere in a name. */
const PAGE_WORD = /第\s*([A-Z]?\d{1,3})\s*版/;

const DAY_FOLDER = new RegExp(`^${YEAR}([-_.]?)(\\d{2})\\2(\\d{2})$`);
const MONTH_FOLDER = new RegExp(`^${YEAR}[-_.]?(\\d{2})$`);
const YEAR_FOLDER = new RegExp(`^${YEAR}$`);
const DAY_OR_MONTH = /^\d{1,2}$/;

function reading(year: string, month: string, day: string, raw: string): DateReading {
  const date = isoDate(Number(year), Number(month), Number(day));
  return date ? { ok: true, date } : { ok: false, raw };
}

/** The date spelled by the folders right above a file: …/20241230/, …/2024-12-30/, …/2024-12/30/, …/2024/12/30/. */
function dateFromFolders(folders: string[]): DateReading | undefined {
  const [day, month, year] = folders.slice(-3).reverse();
  if (day === undefined) return undefined;
  const whole = DAY_FOLDER.exec(day);
  if (whole) return reading(whole[1], whole[3], whole[4], day);
  if (!DAY_OR_MONTH.test(day) || month === undefined) return undefined;
  const yearMonth = MONTH_FOLDER.exec(month);
  if (yearMonth) return reading(yearMonth[1], yearMonth[2], day, `${month}/${day}`);
  if (DAY_OR_MONTH.test(month) && year !== undefined && YEAR_FOLDER.test(year)) return reading(year, month, day, `${year}/${month}/${day}`);
  return undefined;
}

/**
 * What the path says of a text file's place in the paper. A date opening the file name wins over the folders'; the
 * folders are read from the absolute path, so `2024/12/30/01.txt` is dated however the archive was named on the
 * command line.
 */
export function placeFromPath(file: string): PathPlace {
  const full = resolve(file);
  const stem = basename(full).replace(/\.(?:txt|md|markdown)$/i, '');
  const named = NAME_DATE.exec(stem);
  const date = named ? reading(named[1], named[3], named[4], named[0]) : dateFromFolders(dirname(full).split(sep).filter(Boolean));
  const pageMatch = named ? PAGE_AFTER_DATE.exec(stem.slice(named[0].length)) : PAGE_NAME.exec(stem);
  const place: PathPlace = {};
  if (date) place.date = date;
  if (pageMatch) {
    place.page = pageMatch[1];
    const position = Number(pageMatch[2]);
    if (position >= 1) place.position = position;
  } else {
    const word = PAGE_WORD.exec(stem);
    if (word) place.page = word[1];
  }
  return place;
}
