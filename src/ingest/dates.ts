// Calendar dates as the index stores them: ISO `YYYY-MM-DD`, checked against the real calendar.

/** Outcome of reading a date field: a valid ISO date, no date at all, or something that is not a real date. */
export type DateReading = { ok: true; date: string | null } | { ok: false; raw: string };

/** `YYYY-MM-DD` when year/month/day form a real calendar day (2023-02-30 does not), else null. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  // Date.UTC rolls 02-30 over into March, so a round trip tells real days from impossible ones.
  const t = new Date(Date.UTC(year, month - 1, day));
  if (t.getUTCFullYear() !== year || t.getUTCMonth() !== month - 1 || t.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Accepted spellings: 2024-12-30, 2024/12/30, 2024.12.30, 20241230, 2024年12月30日, and an ISO time after the day
// (2024-12-30T08:00:00+08:00 is still the 30th: the paper's own calendar day is what the archive means).
const DATE_FORMS = [
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][0-9:.+\-Z]*)?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日$/,
];

/** Reads a date field from JSON or front matter. null/undefined/"" mean "no date" (allowed); anything else must be a real day. */
export function readDate(value: unknown): DateReading {
  if (value === null || value === undefined) return { ok: true, date: null };
  if (typeof value !== 'string') return { ok: false, raw: JSON.stringify(value) ?? String(value) };
  const text = value.trim();
  if (text === '') return { ok: true, date: null };
  for (const form of DATE_FORMS) {
    const m = form.exec(text);
    if (!m) continue;
    const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return date ? { ok: true, date } : { ok: false, raw: text };
  }
  return { ok: false, raw: text };
}
