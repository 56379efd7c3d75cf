import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.ts';
import { detectDecimalSeparator, normaliseName, parseAmount, parseDate } from './values.ts';

const amount = (text: string, decimal?: '.' | ',') => {
  const result = parseAmount(text, { decimal });
  if (!result.ok) throw new Error(`expected "${text}" to read: ${result.reason}`);
  return result.value;
};
const amountReason = (text: string, decimal?: '.' | ',') => {
  const result = parseAmount(text, { decimal });
  return result.ok ? `read as ${JSON.stringify(result.value)}` : result.reason;
};

describe('parseAmount', () => {
  it('reads thousands separators of every common locale', () => {
    expect(amount('1,234.56')?.amount).toBe(1234.56);
    expect(amount('1.234,56')?.amount).toBe(1234.56);
    expect(amount('1 234,56')?.amount).toBe(1234.56);
    expect(amount('1\u00a0234,56')?.amount).toBe(1234.56);
    expect(amount('1\u202f234,56')?.amount).toBe(1234.56);
    expect(amount("1'234.56")?.amount).toBe(1234.56);
    expect(amount('1’234.56')?.amount).toBe(1234.56);
    expect(amount('1,234,567')?.amount).toBe(1234567);
    expect(amount('1.234.567')?.amount).toBe(1234567);
    expect(amount('12,34,567.89')?.amount).toBe(1234567.89);
    expect(amount('1234.5')?.amount).toBe(1234.5);
    expect(amount('.5')?.amount).toBe(0.5);
    expect(amount('1.2E+05')?.amount).toBe(120000);
  });

  it('reads a currency symbol or code before or after, and names the currency when it is certain', () => {
    expect(amount('$1,234.56')).toEqual({ amount: 1234.56, currency: null, currencySymbol: '$' });
    expect(amount('US$ 12')).toEqual({ amount: 12, currency: 'USD', currencySymbol: 'US$' });
    expect(amount('€1.234,56')).toEqual({ amount: 1234.56, currency: 'EUR', currencySymbol: '€' });
    expect(amount('1 234,56 €')).toEqual({ amount: 1234.56, currency: 'EUR', currencySymbol: '€' });
    expect(amount('£99')).toEqual({ amount: 99, currency: 'GBP', currencySymbol: '£' });
    expect(amount('USD 1,000.00')).toEqual({ amount: 1000, currency: 'USD', currencySymbol: 'USD' });
    expect(amount('1.000,00 EUR')).toEqual({ amount: 1000, currency: 'EUR', currencySymbol: 'EUR' });
    expect(amount('12chf')).toEqual({ amount: 12, currency: 'CHF', currencySymbol: 'chf' });
    expect(amount('12,50 zł')).toEqual({ amount: 12.5, currency: 'PLN', currencySymbol: 'zł' });
    expect(amount('100 kr.')).toEqual({ amount: 100, currency: null, currencySymbol: 'kr' });
    expect(amount('$1,200.00 USD')).toEqual({ amount: 1200, currency: 'USD', currencySymbol: '$' });
    expect(amount('C$ 5 CAD')).toEqual({ amount: 5, currency: 'CAD', currencySymbol: 'C$' });
  });

  it('reads negatives written with a minus sign or parentheses', () => {
    expect(amount('-1,234.56')?.amount).toBe(-1234.56);
    expect(amount('−12')?.amount).toBe(-12);
    expect(amount('(1,234.56)')?.amount).toBe(-1234.56);
    expect(amount('($12)')?.amount).toBe(-12);
    expect(amount('$(12)')?.amount).toBe(-12);
    expect(amount('-$12')?.amount).toBe(-12);
    expect(amount('$-12')?.amount).toBe(-12);
    expect(amount('12.50-')?.amount).toBe(-12.5);
    expect(amount('(12) €')).toEqual({ amount: -12, currency: 'EUR', currencySymbol: '€' });
    expect(amount('+12')?.amount).toBe(12);
    expect(Object.is(amount('(0.00)')?.amount, 0)).toBe(true);
  });

  it('reads empty text as no amount', () => {
    expect(parseAmount('')).toEqual({ ok: true, value: null });
    expect(parseAmount('  ')).toEqual({ ok: true, value: null });
  });

  it('uses the given decimal separator', () => {
    expect(amount('1,234', '.')?.amount).toBe(1234);
    expect(amount('1,234', ',')?.amount).toBe(1.234);
    expect(amount('1.234', ',')?.amount).toBe(1234);
    expect(amount('1.234', '.')?.amount).toBe(1.234);
    expect(amountReason('1,5', '.')).toBe(
      'not a number: digits between thousands separators "," must come in groups of three (the decimal separator is ".")',
    );
  });

  it('refuses to guess when a lone separator could be either', () => {
    expect(amountReason('1,234')).toBe(
      'ambiguous number "1,234": "," could be the decimal separator or a thousands separator (1,234 or 1234); choose the decimal separator',
    );
    expect(amountReason('€ 1.500')).toMatch(/^ambiguous number "€ 1.500"/);
    // These shapes allow one reading only.
    expect(amount('12,5')?.amount).toBe(12.5);
    expect(amount('1234,567')?.amount).toBe(1234.567);
    expect(amount('0,125')?.amount).toBe(0.125);
    expect(amount('1 234,567')?.amount).toBe(1234.567);
  });

  it('gives a reason for text that is not an amount', () => {
    expect(amountReason('abc')).toBe('not a number');
    expect(amountReason('n/a')).toBe('not a number');
    expect(amountReason('12 pcs')).toBe('not a number: unknown currency "pcs"');
    expect(amountReason('--5')).toBe('not a number: "--5" has more than one sign');
    expect(amountReason('-(5)')).toBe('not a number: "-(5)" has more than one sign');
    expect(amountReason('1,5.000', ',')).toBe(
      'not a number: unexpected characters after the decimal separator ","',
    );
    expect(amountReason('1.2.3,4.5')).toBe('not a number: more than one decimal separator "."');
    expect(amountReason('1,23,4')).toMatch(/^not a number: digits between thousands separators/);
    expect(amountReason("1,234'567.8")).toBe('not a number: mixes different thousands separators');
    expect(amountReason('12.34.56', '.')).toBe('not a number: more than one decimal separator "."');
    expect(amountReason('$')).toBe('not a number');
    expect(amountReason('€12 USD')).toBe('not a number: two currencies, EUR and USD');
    expect(amountReason('12 constructor')).toBe('not a number: unknown currency "constructor"');
  });

  const currencies = [
    { before: '', after: '', currency: null },
    { before: '$', after: '', currency: null },
    { before: '€ ', after: '', currency: 'EUR' },
    { before: '', after: ' €', currency: 'EUR' },
    { before: '£', after: '', currency: 'GBP' },
    { before: 'USD ', after: '', currency: 'USD' },
    { before: '', after: ' EUR', currency: 'EUR' },
    { before: '', after: 'zł', currency: 'PLN' },
    { before: 'CHF ', after: '', currency: 'CHF' },
  ];
  const formats = [
    { thousands: '', decimal: '.' },
    { thousands: '', decimal: ',' },
    { thousands: ',', decimal: '.' },
    { thousands: '.', decimal: ',' },
    { thousands: ' ', decimal: ',' },
    { thousands: '\u00a0', decimal: ',' },
    { thousands: "'", decimal: '.' },
    { thousands: ' ', decimal: '.' },
  ] as const;
  const written = fc.record({
    whole: fc.oneof(fc.nat({ max: 999 }), fc.integer({ min: 1000, max: 999_999 }), fc.nat({ max: 10 ** 12 })),
    fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\d{1,3}$/)),
    negative: fc.constantFrom('none', 'minus', 'parentheses', 'trailing'),
    format: fc.constantFrom(...formats),
    money: fc.constantFrom(...currencies),
  });
  type Written = typeof written extends fc.Arbitrary<infer T> ? T : never;
  const write = ({ whole, fraction, negative, format, money }: Written) => {
    const grouped = String(whole).replace(/\B(?=(\d{3})+$)/g, format.thousands);
    const unsigned = `${money.before}${grouped}${fraction ? format.decimal + fraction : ''}${money.after}`;
    if (negative === 'minus') return `-${unsigned}`;
    if (negative === 'parentheses') return `(${unsigned})`;
    if (negative === 'trailing') return `${unsigned}-`;
    return unsigned;
  };
  const intended = ({ whole, fraction, negative }: Written) => {
    const value = Number(`${whole}.${fraction || '0'}`);
    return negative === 'none' || value === 0 ? value : -value;
  };

  it('reads back any amount written with any separators, sign and currency', () => {
    fc.assert(
      fc.property(written, (w) => {
        const result = parseAmount(write(w), { decimal: w.format.decimal });
        expect(result).toEqual({
          ok: true,
          value: {
            amount: intended(w),
            currency: w.money.currency,
            currencySymbol: w.money.before.trim() || w.money.after.trim() || null,
          },
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('without a decimal separator, reads any written amount right or calls it ambiguous, never wrong', () => {
    fc.assert(
      fc.property(written, (w) => {
        const result = parseAmount(write(w));
        if (result.ok) expect(result.value?.amount).toBe(intended(w));
        else expect(result.reason).toMatch(/^ambiguous number/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('detectDecimalSeparator', () => {
  it('takes the separator from values whose shape shows it', () => {
    expect(detectDecimalSeparator(['1,234', '', '12,50', '7'])).toBe(',');
    expect(detectDecimalSeparator(['1,234', '1,234.5'])).toBe('.');
  });

  it('is null when nothing shows it or the values disagree', () => {
    expect(detectDecimalSeparator(['1,234', '12', 'n/a'])).toBeNull();
    expect(detectDecimalSeparator(['12,5', '12.5'])).toBeNull();
  });
});

describe('parseDate', () => {
  const date = (text: string, format: Parameters<typeof parseDate>[1]) => {
    const result = parseDate(text, format);
    return result.ok ? result.value : `! ${result.reason}`;
  };

  it('reads each format', () => {
    expect(date('2017-03-01', 'YYYY-MM-DD')).toBe('2017-03-01');
    expect(date('01/03/2017', 'DD/MM/YYYY')).toBe('2017-03-01');
    expect(date('1/3/2017', 'DD/MM/YYYY')).toBe('2017-03-01');
    expect(date('03/01/2017', 'MM/DD/YYYY')).toBe('2017-03-01');
    expect(date('01.03.2017', 'DD.MM.YYYY')).toBe('2017-03-01');
    expect(date('5-Mar-2017', 'D-MMM-YYYY')).toBe('2017-03-05');
    expect(date('05-mar-2017', 'D-MMM-YYYY')).toBe('2017-03-05');
    expect(date('5 March 2017', 'D-MMM-YYYY')).toBe('2017-03-05');
    expect(date('5-Sept-2017', 'D-MMM-YYYY')).toBe('2017-09-05');
  });

  it('takes the date of an ISO date-time as written, ignoring the time and zone', () => {
    expect(date('2017-03-01T10:00:00Z', 'YYYY-MM-DD')).toBe('2017-03-01');
    expect(date('2017-03-01T23:30:00.123-05:00', 'YYYY-MM-DD')).toBe('2017-03-01');
    expect(date('2017-03-01 10:00', 'YYYY-MM-DD')).toBe('2017-03-01');
    expect(date('01/03/2017 22:15:00', 'DD/MM/YYYY')).toBe('2017-03-01');
    expect(date('3/1/2017 10:15 PM', 'MM/DD/YYYY')).toBe('2017-03-01');
  });

  it('reads empty text as no date', () => {
    expect(parseDate(' ', 'DD/MM/YYYY')).toEqual({ ok: true, value: null });
  });

  it('refuses dates that are not on the calendar', () => {
    expect(date('31/02/2017', 'DD/MM/YYYY')).toBe('! not a date: February 2017 has 28 days');
    expect(date('29.02.2023', 'DD.MM.YYYY')).toBe('! not a date: February 2023 has 28 days');
    expect(date('29.02.2024', 'DD.MM.YYYY')).toBe('2024-02-29');
    expect(date('29.02.1900', 'DD.MM.YYYY')).toBe('! not a date: February 1900 has 28 days');
    expect(date('29.02.2000', 'DD.MM.YYYY')).toBe('2000-02-29');
    expect(date('2017-04-31', 'YYYY-MM-DD')).toBe('! not a date: April 2017 has 30 days');
    expect(date('2017-13-01', 'YYYY-MM-DD')).toBe('! not a date: there is no month 13');
    expect(date('00/01/2017', 'DD/MM/YYYY')).toBe('! not a date: there is no day 0');
    expect(date('0000-01-01', 'YYYY-MM-DD')).toBe('! not a date: there is no year 0');
  });

  it('names the expected format when the text does not fit it', () => {
    expect(date('2017-03-01', 'DD/MM/YYYY')).toBe('! not a date in format DD/MM/YYYY');
    expect(date('01.03.2017', 'DD/MM/YYYY')).toBe('! not a date in format DD/MM/YYYY');
    expect(date('1/3/17', 'DD/MM/YYYY')).toBe(
      '! not a date in format DD/MM/YYYY; the year must have four digits',
    );
    expect(date('5-Foo-2017', 'D-MMM-YYYY')).toBe('! not a date in format D-MMM-YYYY');
    expect(date('soon', 'YYYY-MM-DD')).toBe('! not a date in format YYYY-MM-DD');
  });

  it('in auto, reads formats whose reading is certain', () => {
    expect(date('2017-03-01T10:00:00Z', 'auto')).toBe('2017-03-01');
    expect(date('2017/3/1', 'auto')).toBe('2017-03-01');
    expect(date('5-Mar-2017', 'auto')).toBe('2017-03-05');
    expect(date('01.03.2017', 'auto')).toBe('2017-03-01');
    expect(date('13/04/2017', 'auto')).toBe('2017-04-13');
    expect(date('04/13/2017', 'auto')).toBe('2017-04-13');
    expect(date('04-13-2017', 'auto')).toBe('2017-04-13');
    expect(date('04/04/2017', 'auto')).toBe('2017-04-04');
  });

  it('in auto, refuses 03/04/2017 and names both readings', () => {
    expect(date('03/04/2017', 'auto')).toBe(
      '! ambiguous date "03/04/2017": 3 April 2017 as DD/MM/YYYY or 4 March 2017 as MM/DD/YYYY; choose the date format',
    );
    expect(date('13/13/2017', 'auto')).toBe('! not a date: there is no month 13');
    expect(date('14/13/2017', 'auto')).toBe('! not a date: neither 14 nor 13 is a month');
    expect(date('31/02/2017', 'auto')).toBe('! not a date: February 2017 has 28 days');
    expect(date('March 5th', 'auto')).toBe(
      '! not a date in a known format (YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY, D-MMM-YYYY)',
    );
  });

  it('reads back every calendar date written in every format', () => {
    const short = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    fc.assert(
      fc.property(fc.integer({ min: -600_000, max: 2_900_000 }), (offset) => {
        const iso = addDays('1970-01-01', offset);
        const [y, m, d] = iso.split('-') as [string, string, string];
        expect(date(iso, 'YYYY-MM-DD')).toBe(iso);
        expect(date(`${d}/${m}/${y}`, 'DD/MM/YYYY')).toBe(iso);
        expect(date(`${m}/${d}/${y}`, 'MM/DD/YYYY')).toBe(iso);
        expect(date(`${d}.${m}.${y}`, 'DD.MM.YYYY')).toBe(iso);
        expect(date(`${Number(d)}-${short[Number(m) - 1]}-${y}`, 'D-MMM-YYYY')).toBe(iso);
        const auto = parseDate(`${d}/${m}/${y}`, 'auto');
        if (auto.ok) expect(auto.value).toBe(iso);
        else expect(Number(d) <= 12 && d !== m).toBe(true);
      }),
    );
  });
});

describe('normaliseName', () => {
  it('meets differently spelt copies of the same name', () => {
    const same = [
      ["O'Neil", 'ONeil', 'O’Neil', 'oneil'],
      ['Moses  Frase', 'moses frase', ' MOSES\tFrase '],
      ['José Łopez', 'Jose Lopez', 'JOSÉ ŁOPEZ'],
      ['Straße', 'Strasse'],
      ['Søren Ærø', 'Soren Aero'],
      ['Smith, J.', 'Smith J'],
      ['Mary-Jane Watson', 'Mary Jane Watson', 'Mary – Jane Watson'],
      ['Ｓｍｉｔｈ', 'Smith'],
      ['İlkay', 'Ilkay', 'ilkay'],
    ];
    for (const names of same) {
      const keys = names.map(normaliseName);
      expect(new Set(keys).size, names.join(' / ')).toBe(1);
    }
    expect(normaliseName("  Dr. Anne-Marie  O'Brien-Smith, Jr. ")).toBe('dr anne marie obrien smith jr');
  });

  it('keeps different names apart', () => {
    expect(normaliseName('Ann Lee')).not.toBe(normaliseName('Anne Lee'));
    expect(normaliseName('Lee Ann')).not.toBe(normaliseName('Ann Lee'));
    expect(normaliseName('Agent 007')).toBe('agent 007');
  });

  it('is idempotent and insensitive to case and spacing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (name) => {
        const key = normaliseName(name);
        expect(normaliseName(key)).toBe(key);
        expect(normaliseName(` ${name.toUpperCase()}  `)).toBe(normaliseName(name.toLowerCase()));
        expect(key).not.toMatch(/^\s|\s$|\s\s/);
      }),
    );
  });
});
