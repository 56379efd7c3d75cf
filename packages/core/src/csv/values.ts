/**
 * Reading the values of imported files as real exports write them: amounts with the separators and
 * currency marks of their locale, dates in one of the common orders, names spelt a little
 * differently from file to file. A value that cannot be read comes back with a reason a person can
 * act on, never as a guess.
 */
import type { IsoDate } from '../dates.ts';

export type ValueResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): ValueResult<T> => ({ ok: true, value });
const fail = <T>(reason: string): ValueResult<T> => ({ ok: false, reason });

// ---------------------------------------------------------------------------------------------
// Amounts

export interface Amount {
  amount: number;
  /** ISO 4217 code when the text names one: `USD`, or `€` for EUR. Null for none or an ambiguous `$`. */
  currency: string | null;
  /** The currency mark as written (`$`, `€`, `usd`), so that an ambiguous one can be settled by the caller. */
  currencySymbol: string | null;
}

export interface AmountOptions {
  /**
   * The decimal separator. Without it, `1,234.56` and `1.234,56` are read by their shape, and a
   * value whose shape allows both readings (`1,234`) is refused as ambiguous.
   */
  decimal?: '.' | ',';
}

/** Currency marks other than ISO codes; null where the mark is shared by several currencies. */
const CURRENCY_SYMBOLS: ReadonlyMap<string, string | null> = new Map([
  ['$', null],
  ['US$', 'USD'],
  ['A$', 'AUD'],
  ['AU$', 'AUD'],
  ['C$', 'CAD'],
  ['CA$', 'CAD'],
  ['NZ$', 'NZD'],
  ['HK$', 'HKD'],
  ['S$', 'SGD'],
  ['MX$', 'MXN'],
  ['R$', 'BRL'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', null],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['₪', 'ILS'],
  ['₫', 'VND'],
  ['฿', 'THB'],
  ['₱', 'PHP'],
  ['₦', 'NGN'],
  ['₴', 'UAH'],
  ['zł', 'PLN'],
  ['Kč', 'CZK'],
  ['Ft', 'HUF'],
  ['kr', null],
  ['R', 'ZAR'],
  ['Rs', null],
]);

let isoCurrencies: ReadonlySet<string> | undefined;
function isIsoCurrency(code: string): boolean {
  isoCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return isoCurrencies.has(code);
}

// Anything that is not part of a number: a run of these at either end is a currency mark.
const MARK_AT_START = /^[^\d\s.,'’()+\-−]+/u;
const MARK_AT_END = /[^\d\s.,'’()+\-−]+\.?$/u;
const NUMBER_CHARS = /^[\d.,'’\s]*\d[\d.,'’\s]*$/u;
const SCIENTIFIC = /^\d+(?:\.\d+)?[eE][+-]?\d+$/;
const SPACES = /\s/gu;

/**
 * An amount as exports write it: `1,234.56`, `1.234,56`, `1 234,56`, `1'234.56`, with a currency
 * symbol or code before or after (`$12`, `12 €`, `USD 12`), negative as `-12` or `(12)`.
 * Empty text is null: no amount.
 */
export function parseAmount(text: string, options: AmountOptions = {}): ValueResult<Amount | null> {
  let s = text.trim();
  if (s === '') return ok(null);
  let negative = false;
  let signs = 0;
  let parentheses = false;
  let prefix: string | null = null;
  let suffix: string | null = null;
  // Peel sign, parentheses and currency off both ends, in whatever order the export put them.
  for (let changed = true; changed && s !== ''; ) {
    changed = true;
    const first = s[0];
    const last = s[s.length - 1];
    const atStart: string | undefined = prefix === null ? MARK_AT_START.exec(s)?.[0] : undefined;
    const atEnd: string | undefined =
      suffix === null && !SCIENTIFIC.test(s) ? MARK_AT_END.exec(s)?.[0] : undefined;
    if (first === '(' && last === ')' && !parentheses) {
      parentheses = true;
      negative = true;
      s = s.slice(1, -1).trim();
    } else if (first === '-' || first === '−' || first === '+') {
      signs++;
      if (first !== '+') negative = true;
      s = s.slice(1).trim();
    } else if (last === '-' && s.length > 1) {
      signs++;
      negative = true;
      s = s.slice(0, -1).trim();
    } else if (atStart !== undefined) {
      prefix = atStart;
      s = s.slice(atStart.length).trim();
    } else if (atEnd !== undefined) {
      suffix = atEnd.endsWith('.') ? atEnd.slice(0, -1) : atEnd;
      s = s.slice(0, -atEnd.length).trim();
    } else {
      changed = false;
    }
  }
  if (signs + (parentheses ? 1 : 0) > 1) return fail(`not a number: "${text.trim()}" has more than one sign`);
  // "$1,200.00 USD" names the currency twice; the two must agree.
  let currency: string | null = null;
  for (const mark of [prefix, suffix]) {
    if (mark === null) continue;
    const code = currencyCode(mark);
    if (code === undefined)
      return fail(/\d/.test(s) ? `not a number: unknown currency "${mark}"` : 'not a number');
    if (code !== null && currency !== null && code !== currency) {
      return fail(`not a number: two currencies, ${currency} and ${code}`);
    }
    currency ??= code;
  }
  const number = readNumber(s, options.decimal, text.trim());
  if (!number.ok) return number;
  const amount = negative ? -number.value : number.value;
  // (0.00) is zero, not minus zero.
  return ok({ amount: amount === 0 ? 0 : amount, currency, currencySymbol: prefix ?? suffix });
}

/** The ISO code a currency mark stands for; null for a mark several currencies share; undefined if unknown. */
function currencyCode(mark: string): string | null | undefined {
  if (CURRENCY_SYMBOLS.has(mark)) return CURRENCY_SYMBOLS.get(mark);
  const upper = mark.toUpperCase();
  return /^[A-Z]{3}$/.test(upper) && isIsoCurrency(upper) ? upper : undefined;
}

function readNumber(s: string, decimal: '.' | ',' | undefined, original: string): ValueResult<number> {
  if (SCIENTIFIC.test(s)) return ok(Number(s));
  if (!NUMBER_CHARS.test(s)) return fail('not a number');
  const dec = decimal ?? guessDecimal(s, original);
  if (typeof dec !== 'string') return fail(dec.reason);
  const at = s.indexOf(dec);
  if (at !== s.lastIndexOf(dec)) return fail(`not a number: more than one decimal separator "${dec}"`);
  const whole = at < 0 ? s : s.slice(0, at);
  const fraction = at < 0 ? '' : s.slice(at + 1);
  if (!/^\d*$/.test(fraction))
    return fail(`not a number: unexpected characters after the decimal separator "${dec}"`);
  if (whole === '' && fraction === '') return fail('not a number');
  const separators = new Set(whole.replace(/\d/g, '').replace(SPACES, ' ').replaceAll('’', "'"));
  if (separators.size > 1) return fail('not a number: mixes different thousands separators');
  const [separator] = separators;
  if (separator !== undefined) {
    const groups = whole.replace(SPACES, ' ').replaceAll('’', "'").split(separator);
    if (!isGrouped(groups)) {
      return fail(
        `not a number: digits between thousands separators "${separator}" must come in groups of three` +
          (decimal ? ` (the decimal separator is "${decimal}")` : ''),
      );
    }
  }
  return ok(Number(`${whole.replace(/\D/g, '') || '0'}.${fraction || '0'}`));
}

/** 1,234,567 or, as in India, 12,34,567. */
function isGrouped(groups: string[]): boolean {
  const [first, ...rest] = groups;
  if (first === undefined || !/^\d{1,3}$/.test(first)) return false;
  if (rest.every((g) => /^\d{3}$/.test(g))) return true;
  const last = rest.pop();
  return (
    last !== undefined &&
    /^\d{3}$/.test(last) &&
    /^\d{1,2}$/.test(first) &&
    rest.every((g) => /^\d{2}$/.test(g))
  );
}

/** The decimal separator a number's own shape shows, or why it does not show one. */
function guessDecimal(s: string, original: string): '.' | ',' | { reason: string } {
  const dot = s.lastIndexOf('.');
  const comma = s.lastIndexOf(',');
  if (dot >= 0 && comma >= 0) return dot > comma ? '.' : ',';
  if (dot < 0 && comma < 0) return '.';
  const sep = dot >= 0 ? '.' : ',';
  const other = sep === '.' ? ',' : '.';
  if (s.indexOf(sep) !== s.lastIndexOf(sep)) return other; // 1,234,567: thousands
  const before = s.slice(0, s.indexOf(sep));
  const after = s.slice(s.indexOf(sep) + 1);
  // Thousands grouped by space or apostrophe leave "." or "," as the decimal separator; so does a
  // shape that thousands grouping cannot have (12,5 or 1234,567 or 0,125).
  if (/['’\s]/u.test(s) || !/^\d{3}$/.test(after) || !/^[1-9]\d{0,2}$/.test(before)) return sep;
  return {
    reason:
      `ambiguous number "${original}": "${sep}" could be the decimal separator or a thousands separator ` +
      `(${before}${sep}${after} or ${before}${after}); choose the decimal separator`,
  };
}

/**
 * The decimal separator that a column's values agree on, from those whose shape shows it; null
 * when none shows it or they disagree (then ask the person importing).
 */
export function detectDecimalSeparator(values: Iterable<string>): '.' | ',' | null {
  let seen: '.' | ',' | null = null;
  for (const value of values) {
    for (const dec of ['.', ','] as const) {
      const withDec = parseAmount(value, { decimal: dec });
      const withOther = parseAmount(value, { decimal: dec === '.' ? ',' : '.' });
      if (!withDec.ok || withOther.ok) continue;
      // Readable only with `dec` as the decimal separator (a value readable both ways tells nothing).
      if (seen !== null && seen !== dec) return null;
      seen = dec;
    }
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------
// Dates

export type DateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD.MM.YYYY' | 'D-MMM-YYYY' | 'auto';

export const DATE_FORMATS: readonly DateFormat[] = [
  'YYYY-MM-DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD.MM.YYYY',
  'D-MMM-YYYY',
  'auto',
];

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

// A time of day after the date, as spreadsheets add it; it is ignored.
const TIME = String.raw`(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)?`;
// ISO 8601 date-time: the date is taken as written, not moved to another time zone.
const ISO_TIME = String.raw`(?:[T\s]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?`;
const YMD = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${ISO_TIME}$`);
const YMD_SLASH = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`);
const SLASHED = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`);
const DASHED = new RegExp(String.raw`^(\d{1,2})-(\d{1,2})-(\d{4})${TIME}$`);
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`);
const NAMED_MONTH = new RegExp(String.raw`^(\d{1,2})[-\s/]([A-Za-z]{3,9})\.?[-\s/](\d{4})${TIME}$`);
const TWO_DIGIT_YEAR = /^\d{1,2}[-/.](?:\d{1,2}|[A-Za-z]{3,9})[-/.]\d{2}(?:\s|$)/;

/**
 * A date in the given format, as an ISO date. `auto` takes any format whose reading is certain
 * (year first, a month name, day.month.year, or a day above 12) and refuses 03/04/2017, which two
 * formats read differently. Empty text is null: no date.
 */
export function parseDate(text: string, format: DateFormat): ValueResult<IsoDate | null> {
  const s = text.trim();
  if (s === '') return ok(null);
  if (format === 'auto') return parseAutoDate(s);
  const parts = readParts(s, format);
  if (parts === null) {
    const hint = TWO_DIGIT_YEAR.test(s) ? '; the year must have four digits' : '';
    return fail(`not a date in format ${format}${hint}`);
  }
  return toIso(parts);
}

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function readParts(s: string, format: Exclude<DateFormat, 'auto'>): DateParts | null {
  switch (format) {
    case 'YYYY-MM-DD': {
      const m = YMD.exec(s);
      return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
    }
    case 'DD/MM/YYYY': {
      const m = SLASHED.exec(s);
      return m ? { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) } : null;
    }
    case 'MM/DD/YYYY': {
      const m = SLASHED.exec(s);
      return m ? { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]) } : null;
    }
    case 'DD.MM.YYYY': {
      const m = DOTTED.exec(s);
      return m ? { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) } : null;
    }
    case 'D-MMM-YYYY': {
      const m = NAMED_MONTH.exec(s);
      const month = m ? monthNumber(m[2] ?? '') : 0;
      return m && month > 0 ? { year: Number(m[3]), month, day: Number(m[1]) } : null;
    }
  }
}

/** 1–12 for an English month name or its abbreviation of three letters or more ("Sept"); 0 otherwise. */
function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  return lower.length >= 3 ? MONTHS.findIndex((month) => month.startsWith(lower)) + 1 : 0;
}

function parseAutoDate(s: string): ValueResult<IsoDate | null> {
  const certain =
    readParts(s, 'YYYY-MM-DD') ?? ymdSlash(s) ?? readParts(s, 'D-MMM-YYYY') ?? readParts(s, 'DD.MM.YYYY');
  if (certain) return toIso(certain);
  const m = SLASHED.exec(s) ?? DASHED.exec(s);
  if (!m) {
    const hint = TWO_DIGIT_YEAR.test(s) ? '; the year must have four digits' : '';
    return fail(`not a date in a known format (${DATE_FORMATS.slice(0, -1).join(', ')})${hint}`);
  }
  const a = Number(m[1]);
  const b = Number(m[2]);
  const year = Number(m[3]);
  if (a > 12 && b <= 12) return toIso({ year, month: b, day: a });
  if (b > 12 && a <= 12) return toIso({ year, month: a, day: b });
  if (a === b || a === 0 || b === 0) return toIso({ year, month: a, day: b });
  if (a > 12) return fail(`not a date: neither ${a} nor ${b} is a month`);
  return fail(
    `ambiguous date "${s}": ${spellDate({ year, month: b, day: a })} as DD/MM/YYYY or ` +
      `${spellDate({ year, month: a, day: b })} as MM/DD/YYYY; choose the date format`,
  );
}

function ymdSlash(s: string): DateParts | null {
  const m = YMD_SLASH.exec(s);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

function toIso({ year, month, day }: DateParts): ValueResult<IsoDate> {
  if (month < 1 || month > 12) return fail(`not a date: there is no month ${month}`);
  if (year < 1) return fail('not a date: there is no year 0');
  if (day < 1) return fail('not a date: there is no day 0');
  const days = daysInMonth(year, month);
  if (day > days) return fail(`not a date: ${capitalise(MONTHS[month - 1] ?? '')} ${year} has ${days} days`);
  return ok(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function spellDate({ year, month, day }: DateParts): string {
  return `${day} ${capitalise(MONTHS[month - 1] ?? '')} ${year}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Names

// Letters that carry their difference in the letter itself, not in a combining mark.
const LETTER_FOLDS: Readonly<Record<string, string>> = {
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ı: 'i',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  // The capital ẞ lower-cases to ß, which upper-cases back to ẞ rather than SS.
  ß: 'ss',
  // Lower case writes Σ as ς at the end of a word; folding compares it with σ everywhere.
  ς: 'σ',
};

/**
 * A key under which differently spelt copies of a name meet: "Moses  Frase" and "moses frase",
 * "O'Neil" and "ONeil", "José Łopez" and "Jose Lopez", "Straße" and "Strasse". Case is folded,
 * accents and punctuation dropped, dashes and slashes read as spaces, spaces collapsed.
 */
export function normaliseName(text: string): string {
  return (
    text
      // NFKD rather than NFD also unpicks ligatures and letter-like symbols (ﬁ → fi, Ａ → A, ℙ → P).
      .normalize('NFKD')
      // Upper then lower case folds letters that lower case alone keeps apart (ß and SS).
      .toUpperCase()
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[łøđðħıæœþßς]/g, (c) => LETTER_FOLDS[c] ?? c)
      .replace(/[\p{Pd}_/\\]/gu, ' ')
      .replace(/[\p{P}\p{S}]/gu, '')
      .replace(/\s+/gu, ' ')
      .trim()
  );
}
