import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CsvChunk,
  CsvError,
  type CsvRecord,
  detectDelimiter,
  parseCsv,
  parseCsvString,
} from './parse.ts';
import { toCsv } from './write.ts';

async function collect(chunks: Iterable<CsvChunk> | AsyncIterable<CsvChunk>, delimiter?: string) {
  const records: CsvRecord[] = [];
  for await (const record of parseCsv(chunks, { delimiter })) records.push(record);
  return records;
}

/** The text cut at the given offsets. */
function cut(text: string, offsets: number[]): string[] {
  const points = [...new Set(offsets.map((o) => o % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(text.slice(from, p));
    from = p;
  }
  chunks.push(text.slice(from));
  return chunks;
}

/** Parses the text whole, in every two-piece split, and one character at a time; all must agree. */
async function expectSameInEveryChunking(text: string, expected: CsvRecord[]): Promise<void> {
  expect(parseCsvString(text)).toEqual(expected);
  for (let at = 0; at <= text.length; at++) {
    expect(await collect([text.slice(0, at), text.slice(at)]), `split at ${at}`).toEqual(expected);
  }
  expect(await collect([...text]), 'one character per chunk').toEqual(expected);
}

const rec = (line: number, ...fields: string[]): CsvRecord => ({ fields, line });

describe('parseCsvString', () => {
  it('reads plain fields, empty fields and a trailing delimiter', () => {
    expect(parseCsvString('a,b,c\n1,,3\n4,5,\n')).toEqual([
      rec(1, 'a', 'b', 'c'),
      rec(2, '1', '', '3'),
      rec(3, '4', '5', ''),
    ]);
  });

  it('reads a last line with or without a line end the same', () => {
    expect(parseCsvString('a,b\n1,2')).toEqual(parseCsvString('a,b\n1,2\n'));
    expect(parseCsvString('a,')).toEqual([rec(1, 'a', '')]);
    expect(parseCsvString('"a"')).toEqual([rec(1, 'a')]);
  });

  it('ends lines at CRLF, LF and a lone CR alike', () => {
    expect(parseCsvString('a\r\nb\nc\rd')).toEqual([rec(1, 'a'), rec(2, 'b'), rec(3, 'c'), rec(4, 'd')]);
  });

  it('drops a UTF-8 byte order mark at the start only', () => {
    expect(parseCsvString('\uFEFFname,amount\n')).toEqual([rec(1, 'name', 'amount')]);
    expect(parseCsvString('"\uFEFFx"\n')).toEqual([rec(1, '\uFEFFx')]);
    expect(parseCsvString('a\n\uFEFFb\n')).toEqual([rec(1, 'a'), rec(2, '\uFEFFb')]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    const text = 'name,note\n"Smith, John","He said ""call me""\r\nthen left"\n"",x\n';
    expect(parseCsvString(text)).toEqual([
      rec(1, 'name', 'note'),
      rec(2, 'Smith, John', 'He said "call me"\r\nthen left'),
      rec(4, '', 'x'),
    ]);
  });

  it('skips blank lines but counts them, so each record names the line it starts on', () => {
    const text = '\r\n\na,b\r\n\r\n"multi\nline\rfield",c\r\n\n\rlast,1\n\n';
    expect(parseCsvString(text)).toEqual([
      rec(3, 'a', 'b'),
      rec(5, 'multi\nline\rfield', 'c'),
      rec(10, 'last', '1'),
    ]);
  });

  it('keeps a line of only quotes or only delimiters as a record', () => {
    expect(parseCsvString('""\n,\n')).toEqual([rec(1, ''), rec(2, '', '')]);
  });

  it('reads a quote inside an unquoted field as a literal quote', () => {
    expect(parseCsvString('12" screen,O"Neil\n')).toEqual([rec(1, '12" screen', 'O"Neil')]);
  });

  it('reads other delimiters', () => {
    expect(parseCsvString('a;"b;c";1,5\n', { delimiter: ';' })).toEqual([rec(1, 'a', 'b;c', '1,5')]);
    expect(parseCsvString('a\tb, c\n', { delimiter: '\t' })).toEqual([rec(1, 'a', 'b, c')]);
    expect(() => parseCsvString('a', { delimiter: '"' })).toThrow(RangeError);
    expect(() => parseCsvString('a', { delimiter: ';;' })).toThrow(RangeError);
  });

  it('refuses a quote that is never closed, naming the line where it opens', () => {
    const text = 'name,note\nAnn,ok\nBob,"never closed\nCy,x\nDee,y\n';
    expect(() => parseCsvString(text)).toThrow(CsvError);
    expect(() => parseCsvString(text)).toThrow(/^Line 3: a quoted field opens here and is never closed/);
    try {
      parseCsvString(text);
    } catch (error) {
      expect((error as CsvError).line).toBe(3);
    }
  });

  it('refuses text after a closing quote, naming the line and the field', () => {
    expect(() => parseCsvString('a,b\n"x",""quoted" word"\n')).toThrow(
      /^Line 2: unexpected character 'q' after the closing quote of field 2; a quote inside a quoted field must be doubled/,
    );
    expect(() => parseCsvString('"multi\nline" x')).toThrow(/^Line 2: unexpected character ' '/);
  });

  it('stops at a record longer than the limit instead of reading the rest of the file into it', () => {
    const text = `a,b\n"open,${'x'.repeat(100)}\n`;
    expect(() => parseCsvString(text, { maxRecordLength: 50 })).toThrow(
      /^Line 2: a record longer than 50 characters starts here, most likely because a quoted field/,
    );
    expect(parseCsvString(`${'x'.repeat(50)}\n`, { maxRecordLength: 50 })).toHaveLength(1);
    expect(() => parseCsvString(`a\n${'x'.repeat(51)}\n`, { maxRecordLength: 50 })).toThrow(
      /^Line 2: a record longer/,
    );
  });
});

describe('parseCsv across chunk boundaries', () => {
  it('splits inside a quoted field', async () => {
    await expectSameInEveryChunking('"abc,def",g\n', [rec(1, 'abc,def', 'g')]);
  });

  it('splits between CR and LF ending a record', async () => {
    await expectSameInEveryChunking('a\r\nb\r\n', [rec(1, 'a'), rec(2, 'b')]);
    expect(await collect(['a\r', '\nb'])).toEqual([rec(1, 'a'), rec(2, 'b')]);
  });

  it('splits between CR and LF inside a quoted field, counting one line', async () => {
    await expectSameInEveryChunking('"x\r\ny",z\r\nnext\n', [rec(1, 'x\r\ny', 'z'), rec(3, 'next')]);
    expect(await collect(['"x\r', '\ny"\nnext'])).toEqual([rec(1, 'x\r\ny'), rec(3, 'next')]);
  });

  it('splits between CR and LF of a blank line', async () => {
    await expectSameInEveryChunking('a\r\n\r\n\r\nb', [rec(1, 'a'), rec(4, 'b')]);
  });

  it('splits inside a doubled quote', async () => {
    await expectSameInEveryChunking('"say ""hi""",x\n', [rec(1, 'say "hi"', 'x')]);
    expect(await collect(['"a"', '"b"'])).toEqual([rec(1, 'a"b')]);
  });

  it('splits after a closing quote, before the delimiter or line end', async () => {
    expect(await collect(['"a"', ',b'])).toEqual([rec(1, 'a', 'b')]);
    expect(await collect(['"a"', '\n"b"'])).toEqual([rec(1, 'a'), rec(2, 'b')]);
    expect(await collect(['"a"', ''])).toEqual([rec(1, 'a')]);
  });

  it('splits right after an opening quote and inside an unquoted field', async () => {
    expect(await collect(['x,"', 'y"'])).toEqual([rec(1, 'x', 'y')]);
    await expectSameInEveryChunking('alpha,beta\ngamma', [rec(1, 'alpha', 'beta'), rec(2, 'gamma')]);
  });

  it('splits after the byte order mark, and drops it when the first chunks are empty', async () => {
    await expectSameInEveryChunking('\uFEFFa,b\n', [rec(1, 'a', 'b')]);
    expect(await collect(['', '\uFEFFa'])).toEqual([rec(1, 'a')]);
  });

  it('reports an unterminated quote the same in every chunking', async () => {
    for (let at = 0; at <= 12; at++) {
      const text = 'a\n"b\r\nc,d\n';
      await expect(collect([text.slice(0, at), text.slice(at)])).rejects.toThrow(
        /^Line 2: a quoted field opens here/,
      );
    }
  });

  it('reads UTF-8 bytes, with a character split between two chunks', async () => {
    const bytes = new TextEncoder().encode('\uFEFFname\nJosé,€5\n');
    for (let at = 0; at <= bytes.length; at++) {
      expect(await collect([bytes.subarray(0, at), bytes.subarray(at)])).toEqual([
        rec(1, 'name'),
        rec(2, 'José', '€5'),
      ]);
    }
  });

  it('refuses bytes that are not UTF-8, such as a Windows-1252 export', async () => {
    const latin1 = Uint8Array.from([0x61, 0x0a, 0x4a, 0x6f, 0x73, 0xe9, 0x0a]); // "a\nJosé\n" in Windows-1252
    await expect(collect([latin1])).rejects.toThrow(/not valid UTF-8/);
    await expect(collect([Uint8Array.from([0x61, 0xc3])])).rejects.toThrow(CsvError);
  });

  it('reads a Node stream of strings or of Buffers', async () => {
    const text = 'id,name\n1,"Ann\nLee"\n2,Bo\n';
    const expected = [rec(1, 'id', 'name'), rec(2, '1', 'Ann\nLee'), rec(4, '2', 'Bo')];
    expect(await collect(Readable.from(cut(text, [3, 11, 12])))).toEqual(expected);
    expect(
      await collect(Readable.from([Buffer.from(text.slice(0, 10)), Buffer.from(text.slice(10))])),
    ).toEqual(expected);
  });

  it('yields records as chunks arrive, without waiting for the end', async () => {
    async function* slow(): AsyncGenerator<string> {
      yield 'a\nb';
      throw new Error('the rest never arrives');
    }
    const reader = parseCsv(slow());
    expect((await reader.next()).value).toEqual(rec(1, 'a'));
    await expect(reader.next()).rejects.toThrow('the rest never arrives');
  });

  it('reads many records, with no cap on their number', async () => {
    function* lines(): Generator<string> {
      for (let i = 0; i < 200_000; i++) yield `${i},"x${i}"\n`;
    }
    let count = 0;
    let last: CsvRecord | undefined;
    for await (const record of parseCsv(lines())) {
      count++;
      last = record;
    }
    expect(count).toBe(200_000);
    expect(last).toEqual(rec(200_000, '199999', 'x199999'));
  });
});

describe('round trip through toCsv', () => {
  const special = fc.constantFrom('"', ',', ';', '\t', '|', '\r', '\n', '\r\n', ' ', '\uFEFF', 'é', '😀', '');
  const field = fc.string({
    unit: fc.oneof(special, fc.string({ unit: 'grapheme', maxLength: 1 })),
    maxLength: 12,
  });
  const records = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 8 });
  const delimiter = fc.constantFrom(',', ';', '\t', '|');
  const offsets = fc.array(fc.nat(), { maxLength: 10 });

  it('parses back the records it wrote, however the text is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(records, delimiter, fc.boolean(), offsets, async (rows, delim, bom, at) => {
        const text = toCsv(rows, { delimiter: delim, bom });
        const parsed = await collect(cut(text, at), delim);
        expect(parsed.map((r) => r.fields)).toEqual(rows);
      }),
    );
  });

  it('names the line each record starts on', async () => {
    await fc.assert(
      fc.asyncProperty(records, offsets, async (rows, at) => {
        const text = toCsv(rows);
        const parsed = await collect(cut(text, at));
        let line = 1;
        parsed.forEach((record, i) => {
          expect(record.line).toBe(line);
          line +=
            1 +
            (toCsv([rows[i] ?? []])
              .slice(0, -2)
              .match(/\r\n|\r|\n/g)?.length ?? 0);
        });
      }),
    );
  });

  it('parses back UTF-8 bytes cut anywhere, even inside a character', async () => {
    const utf8 = new TextEncoder();
    await fc.assert(
      fc.asyncProperty(records, offsets, async (rows, at) => {
        const bytes = utf8.encode(toCsv(rows, { bom: true }));
        const points = [...new Set(at.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, i, all) => bytes.subarray(p, all[i + 1] ?? bytes.length));
        expect((await collect(chunks)).map((r) => r.fields)).toEqual(rows);
      }),
    );
  });
});

describe('detectDelimiter', () => {
  it('picks the delimiter that splits every line into the same columns', () => {
    expect(detectDelimiter('name,amount,stage\nAnn,100,Won\nBob,200,Lost\n')).toBe(',');
    expect(detectDelimiter('name;amount\nSmith, J;1,50\nLee, K;2,00\n')).toBe(';');
    expect(detectDelimiter('name\tamount\nAnn\t1,5\n')).toBe('\t');
    expect(detectDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('ignores delimiters inside quotes', () => {
    expect(detectDelimiter('"Smith, J";"1,50"\n"Lee, K";"2,00"\n')).toBe(';');
  });

  it('prefers consistency over a first line that happens to have more of a character', () => {
    expect(detectDelimiter('id;note, with, commas\n1;a\n2;b\n3;c\n')).toBe(';');
  });

  it('ignores a last line cut short by the end of the sample', () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n4;5;6\n7;8')).toBe(';');
  });

  it('falls back to a comma for one column or an empty sample', () => {
    expect(detectDelimiter('name\nAnn\nBob\n')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
  });

  it('finds the delimiter of files it wrote', () => {
    const cell = fc.stringMatching(/^[a-z0-9 ,;|\t"]{0,6}$/);
    fc.assert(
      fc.property(
        fc.constantFrom(',', ';', '\t', '|'),
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 2, max: 8 }),
        fc.array(cell, { minLength: 48, maxLength: 48 }),
        (delimiter, columns, lines, cells) => {
          const rows = Array.from({ length: lines }, (_, r) => cells.slice(r * columns, (r + 1) * columns));
          // A header of plain names, as exports have.
          rows[0] = rows[0]?.map((_, c) => `col${c}`) ?? [];
          expect(detectDelimiter(toCsv(rows, { delimiter }))).toBe(delimiter);
        },
      ),
    );
  });
});
