import { describe, expect, it } from 'vitest';
import { toCsv, toCsvRow } from './write.ts';

describe('toCsv', () => {
  it('quotes only the fields that need it, doubling their quotes, with CRLF line ends', () => {
    expect(
      toCsv([
        ['name', 'note'],
        ['Smith, John', 'said "hi"'],
        ['plain', 'two\nlines'],
      ]),
    ).toBe('name,note\r\n"Smith, John","said ""hi"""\r\nplain,"two\nlines"\r\n');
    expect(toCsv([['a\rb', ' spaced ', "O'Neil"]])).toBe('"a\rb", spaced ,O\'Neil\r\n');
  });

  it('quotes for the delimiter in use', () => {
    expect(toCsv([['1,5', 'a;b']], { delimiter: ';' })).toBe('1,5;"a;b"\r\n');
    expect(toCsv([['a\tb', 'c']], { delimiter: '\t', lineEnding: '\n' })).toBe('"a\tb"\tc\n');
    expect(() => toCsv([], { delimiter: '"' })).toThrow(RangeError);
  });

  it('starts with a byte order mark when asked, so Excel reads UTF-8', () => {
    expect(toCsv([['José']], { bom: true })).toBe('\uFEFFJosé\r\n');
    expect(toCsv([], { bom: true })).toBe('\uFEFF');
    expect(toCsv([])).toBe('');
  });

  it('keeps a record of one empty field from reading as a blank line', () => {
    expect(toCsv([['a'], [''], ['', '']])).toBe('a\r\n""\r\n,\r\n');
  });

  it('quotes a field that starts with a byte order mark, which would otherwise be dropped', () => {
    expect(toCsv([['\uFEFFx', 'y']])).toBe('"\uFEFFx",y\r\n');
  });

  it('writes one row at a time for streaming exports, agreeing with the whole file', () => {
    const rows = [
      ['id', 'name'],
      ['1', 'Ann "A" Lee'],
    ];
    expect(rows.map((row) => toCsvRow(row)).join('')).toBe(toCsv(rows));
  });
});
