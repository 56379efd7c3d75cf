/**
 * Reading one cell of an imported file as the type of the field it is mapped to, with the spellings
 * CRM exports use (Salesforce `1`/empty booleans and `BestCase`, HubSpot `Closed won`, Pipedrive
 * `Done`/`Undone`). A value that cannot be read comes back with a reason naming what is wrong.
 */

import { type DateFormat, normaliseName, parseAmount, parseDate, type ValueResult } from '../csv/values.ts';
import type { IsoDate } from '../dates.ts';
import type { FieldSpec } from './fields.ts';

export type ImportValue = string | number | boolean | { amount: number; currency: string | null } | null;

export interface ValueOptions {
  dateFormat: DateFormat;
  decimal?: '.' | ',';
}

const ok = <T>(value: T): ValueResult<T> => ({ ok: true, value });
const fail = <T>(reason: string): ValueResult<T> => ({ ok: false, reason });

/** Letters and digits only, case and accents folded: "Best Case", "best_case" and "BestCase" meet. */
export function compactKey(text: string): string {
  return normaliseName(text).replace(/ /g, '');
}

/** The cell read as the field's type; empty (after trimming) is null. */
export function readValue(field: FieldSpec, raw: string, options: ValueOptions): ValueResult<ImportValue> {
  const text = raw.trim();
  if (text === '') return ok(null);
  switch (field.type) {
    case 'text':
      return ok(text);
    case 'email':
      return readEmail(text);
    case 'date':
      return readDate(text, options.dateFormat);
    case 'datetime':
      return readDateTime(text, options.dateFormat);
    case 'amount':
      return readAmount(text, options.decimal);
    case 'integer':
    case 'number': {
      const special = field.key === 'durationMinutes' ? readHoursAndMinutes(text) : null;
      const number = special ?? readNumber(text, options.decimal, field.type === 'integer');
      return number.ok ? checkRange(field, number.value) : number;
    }
    case 'boolean':
      return readBoolean(text, field.key);
    case 'enum':
      return readEnum(field, text);
  }
}

// ---------------------------------------------------------------------------------------------
// Email

const EMAIL = /^[^\s@",;<>()]+@[^\s@",;<>()]+\.[^\s@",;<>().]+$/u;

/** Lower-cased. Pipedrive writes a person's several addresses into one cell; the first is taken. */
function readEmail(text: string): ValueResult<string> {
  const first = (text.split(/[,;]/)[0] ?? '').trim().replace(/^mailto:/i, '');
  return EMAIL.test(first) ? ok(first.toLowerCase()) : fail('not an email address');
}

// ---------------------------------------------------------------------------------------------
// Dates and times

// A time of day after a date: `T16:14:25.000+0000`, ` 08:55 PM`, ` 20:55:10Z`.
const TIME_TAIL =
  /^(.*?\S)(?:\s*T\s*|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(?:([AaPp])\.?[Mm]\.?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/u;
const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;
const US_SHORT_YEAR = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/;

/**
 * A date in the chosen format, or a date and time whose date is taken as written (not moved to
 * another zone): `2024-01-22T16:14:25.000+0000`, and for US formats Salesforce's spreadsheet
 * timestamps `02/23/26 08:55 PM`. A year-first ISO date is accepted whatever the format, since it
 * cannot be misread.
 */
export function readDate(text: string, format: DateFormat): ValueResult<IsoDate> {
  const whole = parseDate(text, format);
  if (whole.ok && whole.value !== null) return ok(whole.value);
  const time = TIME_TAIL.exec(text);
  const date = readDatePart(time?.[1] ?? text, format, time !== null);
  if (date.ok) return date;
  // The more telling reason: that 30 February does not exist beats that the format is wrong.
  const calendar = date.reason.startsWith('not a date: ');
  return fail(dateReason(calendar || whole.ok ? date.reason : whole.reason));
}

function readDatePart(text: string, format: DateFormat, hasTime: boolean): ValueResult<IsoDate> {
  const inFormat = parseDate(text, format);
  if (inFormat.ok && inFormat.value !== null) return ok(inFormat.value);
  if (ISO_DATE.test(text)) {
    const iso = parseDate(text, 'YYYY-MM-DD');
    if (iso.ok && iso.value !== null) return ok(iso.value);
    if (!iso.ok) return iso;
  }
  // Salesforce data re-saved by a US spreadsheet writes timestamps as 02/23/26 08:55 PM. A two-digit
  // year is read only there, next to a time of day; a bare 02/03/24 stays refused by parseDate.
  const short = hasTime && format === 'MM/DD/YYYY' ? US_SHORT_YEAR.exec(text) : null;
  if (short) {
    const yy = Number(short[3]);
    const year = yy < 70 ? 2000 + yy : 1900 + yy;
    return parseDate(`${short[1]}/${short[2]}/${year}`, 'MM/DD/YYYY') as ValueResult<IsoDate>;
  }
  return inFormat.ok ? fail(`not a date in format ${format}`) : inFormat;
}

/** parseDate's reasons, with a calendar impossibility (30 February) called what it is. */
function dateReason(reason: string): string {
  return reason.startsWith('not a date: ')
    ? `not a real date: ${reason.slice('not a date: '.length)}`
    : reason;
}

/**
 * An instant as an ISO string in UTC (`2024-01-22T16:14:25.000Z`). A zone offset in the text is
 * applied; a time without one is taken as UTC, and a date alone as midnight UTC.
 */
export function readDateTime(text: string, format: DateFormat): ValueResult<string> {
  const time = TIME_TAIL.exec(text);
  if (time === null) {
    const day = readDate(text, format);
    return day.ok ? ok(`${day.value}T00:00:00.000Z`) : day;
  }
  const date = readDatePart(time[1] ?? '', format, true);
  if (!date.ok) return fail(dateReason(date.reason));
  const [, , h, mi, s, fraction, meridiem, zone] = time;
  let hour = Number(h);
  const minute = Number(mi);
  const second = Number(s ?? 0);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return fail(`not a time: ${hour} is not an hour on a 12-hour clock`);
    hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
  }
  if (hour > 23) return fail(`not a time: there is no hour ${hour}`);
  if (minute > 59) return fail(`not a time: there is no minute ${minute}`);
  if (second > 59) return fail(`not a time: there is no second ${second}`);
  const offset = zoneOffsetMinutes(zone);
  if (offset === null) return fail(`not a time zone: ${zone}`);
  const [year, month, day] = date.value.split('-').map(Number) as [number, number, number];
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute - offset, second, Math.floor(Number(`0.${fraction ?? '0'}`) * 1000));
  const y = instant.getUTCFullYear();
  if (Number.isNaN(instant.getTime()) || y < 1 || y > 9999) return fail('not a date: out of range');
  return ok(instant.toISOString());
}

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined || zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return null;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? 0);
  if (hours > 14 || minutes > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

// ---------------------------------------------------------------------------------------------
// Numbers

/** A `numeric(16, 2)` column holds fourteen digits before the decimal point. */
const AMOUNT_LIMIT = 1e14;

/** parseAmount's reason with the value named in it, so that a list of errors can be read alone. */
function numberReason(reason: string, text: string): string {
  if (reason.includes(`"${text}"`)) return reason;
  if (reason === 'not a number') return `not a number: "${text}"`;
  if (reason.startsWith('not a number: ')) return `not a number: "${text}" (${reason.slice(14)})`;
  return `${reason} in "${text}"`;
}

function readAmount(text: string, decimal: '.' | ',' | undefined): ValueResult<ImportValue> {
  const result = parseAmount(text, { decimal });
  if (!result.ok) return fail(numberReason(result.reason, text));
  if (result.value === null) return ok(null);
  const { amount, currency } = result.value;
  if (!Number.isFinite(amount) || Math.abs(amount) >= AMOUNT_LIMIT) {
    return fail(`not a number: "${text}" is too large for an amount`);
  }
  return ok({ amount, currency });
}

/**
 * A plain number with thousands separators (`2,822`, `1 234,5`) and no currency; a number that is
 * not whole may be a percentage (`80%` is 0.8). A whole number
 * whose one separator could be either kind (`1,234` without a chosen decimal separator) is read
 * as thousands, since the other reading is not whole.
 */
function readNumber(text: string, decimal: '.' | ',' | undefined, whole: boolean): ValueResult<number> {
  // A share written as a percentage (an FTE of 80%).
  if (!whole && /^[^%]*\d\s*%$/u.test(text)) {
    const share = readNumber(text.replace(/\s*%$/u, ''), decimal, false);
    return share.ok ? ok(share.value / 100) : fail(`not a number: "${text}"`);
  }
  let result = parseAmount(text, { decimal });
  if (!result.ok && whole && decimal === undefined) {
    const readings = (['.', ','] as const)
      .map((d) => parseAmount(text, { decimal: d }))
      .filter((r) => r.ok && r.value !== null && Number.isInteger(r.value.amount));
    if (readings.length > 0) result = readings[0] as typeof result;
  }
  if (!result.ok) return fail(numberReason(result.reason, text));
  if (result.value === null) return fail(`not a number: "${text}"`);
  if (result.value.currencySymbol !== null) return fail(`not a number: "${text}" has a currency mark`);
  const value = result.value.amount;
  if (!Number.isFinite(value)) return fail(`not a number: "${text}" is too large`);
  if (whole && !Number.isInteger(value)) return fail(`not a whole number: "${text}"`);
  return ok(value);
}

/** Pipedrive writes durations as hours and minutes: `1:30` is 90 minutes, `0:45:30` rounds to 46. */
function readHoursAndMinutes(text: string): ValueResult<number> | null {
  const m = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (!m) return null;
  return ok(Number(m[1]) * 60 + Number(m[2]) + Math.round(Number(m[3] ?? 0) / 60));
}

/** Bounds of a PostgreSQL `integer` column, which every integer field is stored in. */
const INTEGER_MIN = -2_147_483_648;
const INTEGER_MAX = 2_147_483_647;

function checkRange(field: FieldSpec, value: number): ValueResult<number> {
  const { min, max } = field;
  if (min !== undefined && max !== undefined) {
    return value < min || value > max ? fail(`must be between ${min} and ${max}`) : ok(value);
  }
  const floor = min ?? (field.type === 'integer' ? INTEGER_MIN : Number.NEGATIVE_INFINITY);
  const ceiling = max ?? (field.type === 'integer' ? INTEGER_MAX : Number.POSITIVE_INFINITY);
  if (value < floor) return fail(`must be ${floor} or more`);
  if (value > ceiling) return fail(`must be ${ceiling} or less`);
  return ok(value);
}

// ---------------------------------------------------------------------------------------------
// Booleans

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'x']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n']);

/** Words that mean yes or no for one field only: Pipedrive's Done/Undone, Salesforce task statuses. */
const FIELD_BOOLEAN_WORDS: Readonly<Record<string, Readonly<Record<string, boolean>>>> = {
  done: {
    done: true,
    undone: false,
    notdone: false,
    completed: true,
    complete: true,
    notstarted: false,
    inprogress: false,
  },
};

function readBoolean(text: string, key: string): ValueResult<boolean> {
  const word = compactKey(text) || text.toLowerCase();
  if (TRUE_WORDS.has(word)) return ok(true);
  if (FALSE_WORDS.has(word)) return ok(false);
  const special = FIELD_BOOLEAN_WORDS[key]?.[word];
  if (special !== undefined) return ok(special);
  const extra = Object.keys(FIELD_BOOLEAN_WORDS[key] ?? {}).length > 0 ? ', done/undone' : '';
  return fail(`not yes or no: expected 1/0, true/false, yes/no, y/n or x${extra}`);
}

// ---------------------------------------------------------------------------------------------
// Choices

/**
 * Vendor names for our values, by field, keyed by their compact form. Values that match ours once
 * separators and case are dropped (Salesforce `BestCase`, HubSpot `BEST_CASE`) need no entry.
 */
const VENDOR_SPELLINGS: Readonly<Record<string, Readonly<Record<string, string | null>>>> = {
  forecastCategory: {
    // HubSpot's hs_manual_forecast_category: Not forecasted (OMIT), Pipeline, Best case, Commit,
    // Closed won (CLOSED).
    omit: 'omitted',
    notforecasted: 'omitted',
    closedwon: 'closed',
    // Salesforce's Most Likely sits between Best Case and Commit; it is not counted as committed.
    mostlikely: 'best_case',
  },
  type: {
    phonecall: 'call',
    loggedcall: 'call',
    calls: 'call',
    loggedemail: 'email',
    listemail: 'email',
    incomingemail: 'email',
    forwardedemail: 'email',
    emails: 'email',
    event: 'meeting',
    lunch: 'meeting',
    meetings: 'meeting',
    productdemo: 'demo',
    todo: 'task',
    deadline: 'task',
    tasks: 'task',
    notes: 'note',
  },
  role: {
    administrator: 'admin',
    teamleader: 'leader',
    teamlead: 'leader',
  },
  customerStatus: {
    // Salesforce Account.Type.
    customerdirect: 'customer',
    customerchannel: 'customer',
    // HubSpot lifecycle stages.
    subscriber: 'prospect',
    lead: 'prospect',
    marketingqualifiedlead: 'prospect',
    salesqualifiedlead: 'prospect',
    opportunity: 'prospect',
    evangelist: 'customer',
    excustomer: 'former_customer',
    churned: 'former_customer',
  },
  lawfulBasis: {
    // HubSpot's "Legal basis for processing contact's data".
    legitimateinterest: 'legitimate_interests',
    legitimateinterestprospectlead: 'legitimate_interests',
    legitimateinterestexistingcustomer: 'legitimate_interests',
    legitimateinterestother: 'legitimate_interests',
    performanceofacontract: 'contract',
    freelygivenconsentfromcontact: 'consent',
    notapplicable: null,
    vitalinterest: 'vital_interests',
  },
  status: {
    closedwon: 'won',
    closedlost: 'lost',
  },
};

function readEnum(field: FieldSpec, text: string): ValueResult<string | null> {
  const values = field.enumValues ?? [];
  const key = compactKey(text);
  const own = values.find((value) => compactKey(value) === key);
  if (own !== undefined) return ok(own);
  const vendor = VENDOR_SPELLINGS[field.key];
  if (vendor !== undefined && key in vendor) return ok(vendor[key] ?? null);
  if (/[;|]/.test(text)) return fail(`has several values; choose one of ${values.join(', ')}`);
  return fail(`not one of ${values.join(', ')}`);
}
