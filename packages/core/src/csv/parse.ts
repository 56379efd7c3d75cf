/**
 * A streaming RFC 4180 CSV reader: text arrives in chunks of any size, records leave one at a time,
 * so a file of any length is read in memory bounded by the chunk size and the longest record.
 */

export interface CsvRecord {
  fields: string[];
  /** 1-based physical line where the record starts; a quoted field may carry it over several lines. */
  line: number;
}

export interface CsvParseOptions {
  /** One character; `,` unless given (see `detectDelimiter`). */
  delimiter?: string;
  /**
   * Longest record, in characters, before reading stops with a `CsvError`. It bounds memory when a
   * quote is never closed, which would otherwise swallow the rest of the file into one field.
   */
  maxRecordLength?: number;
}

/** Bytes as a Node stream gives them (a `Buffer` is a `Uint8Array`), or text already decoded. */
export type CsvChunk = string | Uint8Array;

export class CsvError extends Error {
  override readonly name = 'CsvError';
  constructor(
    /** 1-based physical line of the file that the problem is on. */
    readonly line: number,
    detail: string,
  ) {
    super(`Line ${line}: ${detail}`);
  }
}

export const DEFAULT_MAX_RECORD_LENGTH = 1_048_576;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const BOM = 0xfeff;

/** Parser states; plain numbers rather than an enum so that the hot loop compares small integers. */
const State = {
  /** Between records: blank lines are skipped here. */
  RecordStart: 0,
  /** After a delimiter. */
  FieldStart: 1,
  Unquoted: 2,
  Quoted: 3,
  /** Just read a quote inside a quoted field: either it closes the field or it is the first of `""`. */
  QuoteInQuoted: 4,
} as const;
type State = (typeof State)[keyof typeof State];

/** Throws a RangeError unless `delimiter` is one character that cannot be confused with quoting or line ends. */
export function checkDelimiter(delimiter: string): number {
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new RangeError(
      `A CSV delimiter must be one character other than a quote or a line end: ${JSON.stringify(delimiter)}`,
    );
  }
  return delimiter.charCodeAt(0);
}

/**
 * The state machine behind `parseCsv` and `parseCsvString`. `push` takes the next piece of text and
 * returns the records it completed; `end` finishes the last one. Fields are cut out with `slice`, and
 * only a field that spans chunks (or holds `""`) is pieced together.
 */
export class CsvParser {
  private readonly delimiter: number;
  private readonly maxRecordLength: number;
  private state: State = State.RecordStart;
  private fields: string[] = [];
  /** The current field's text from earlier chunks, or from before a `""`. */
  private pending = '';
  /** Line of the next character to read. */
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  /** Offset (in the whole text) of the last CR read, so that a following LF is not a second line end. */
  private crAt = -2;
  /** Characters read before the current chunk. */
  private offset = 0;
  private recordStart = 0;
  private started = false;

  constructor(options: CsvParseOptions = {}) {
    this.delimiter = checkDelimiter(options.delimiter ?? ',');
    this.maxRecordLength = options.maxRecordLength ?? DEFAULT_MAX_RECORD_LENGTH;
  }

  /** The line the parser has read up to, for messages about problems found outside the grammar. */
  get currentLine(): number {
    return this.line;
  }

  push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    const n = text.length;
    const base = this.offset;
    const delimiter = this.delimiter;
    let i = 0;
    if (!this.started && n > 0) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) i = 1;
    }
    // Start of the current field's unread text in this chunk (used in Unquoted and Quoted).
    let start = i;
    while (i < n) {
      const state = this.state;
      if (state === State.Unquoted) {
        let j = i;
        let c = 0;
        for (; j < n; j++) {
          c = text.charCodeAt(j);
          if (c === delimiter || c === CR || c === LF) break;
        }
        if (j === n) {
          i = n;
          break;
        }
        this.fields.push(this.pending + text.slice(start, j));
        this.pending = '';
        if (c === delimiter) this.state = State.FieldStart;
        else this.endRecord(out, c, base + j);
        i = j + 1;
        continue;
      }
      if (state === State.Quoted) {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === QUOTE) break;
          if (c === LF) {
            if (this.crAt !== base + j - 1) this.line++;
          } else if (c === CR) {
            this.line++;
            this.crAt = base + j;
          }
        }
        if (j === n) {
          i = n;
          break;
        }
        this.pending += text.slice(start, j);
        start = j + 1;
        this.state = State.QuoteInQuoted;
        i = j + 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (state === State.QuoteInQuoted) {
        if (c === QUOTE) {
          // `""`: this second quote is text, so the field's next slice starts on it.
          start = i;
          this.state = State.Quoted;
        } else if (c === delimiter) {
          this.fields.push(this.pending);
          this.pending = '';
          this.state = State.FieldStart;
        } else if (c === CR || c === LF) {
          this.fields.push(this.pending);
          this.pending = '';
          this.endRecord(out, c, base + i);
        } else {
          throw new CsvError(
            this.line,
            `unexpected ${describeChar(text, i)} after the closing quote of field ${this.fields.length + 1}; ` +
              'a quote inside a quoted field must be doubled ("")',
          );
        }
        i++;
        continue;
      }
      if (state === State.RecordStart) {
        if (c === LF) {
          if (this.crAt !== base + i - 1) this.line++;
          i++;
          continue;
        }
        if (c === CR) {
          this.line++;
          this.crAt = base + i;
          i++;
          continue;
        }
        this.recordLine = this.line;
        this.recordStart = base + i;
      }
      // RecordStart with a record beginning here, or FieldStart.
      if (c === QUOTE) {
        this.state = State.Quoted;
        this.quoteLine = this.line;
        start = i + 1;
      } else if (c === delimiter) {
        this.fields.push('');
        this.state = State.FieldStart;
      } else if (c === CR || c === LF) {
        this.fields.push('');
        this.endRecord(out, c, base + i);
      } else {
        this.state = State.Unquoted;
        start = i;
      }
      i++;
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.pending += text.slice(start, n);
    this.offset = base + n;
    if (this.state !== State.RecordStart) this.checkLength(this.offset);
    return out;
  }

  /** Completes the last record; throws when the text ends inside a quoted field. */
  end(): CsvRecord[] {
    const state = this.state;
    if (state === State.RecordStart) return [];
    if (state === State.Quoted) {
      throw new CsvError(
        this.quoteLine,
        'a quoted field opens here and is never closed; look for a missing closing quote, ' +
          'or a quote inside the field that should be doubled ("")',
      );
    }
    this.fields.push(state === State.FieldStart ? '' : this.pending);
    this.pending = '';
    const out: CsvRecord[] = [];
    this.emit(out, this.offset);
    this.state = State.RecordStart;
    return out;
  }

  private endRecord(out: CsvRecord[], lineEnd: number, at: number): void {
    this.emit(out, at);
    this.state = State.RecordStart;
    this.line++;
    if (lineEnd === CR) this.crAt = at;
  }

  private emit(out: CsvRecord[], at: number): void {
    this.checkLength(at);
    out.push({ fields: this.fields, line: this.recordLine });
    this.fields = [];
  }

  private checkLength(at: number): void {
    if (at - this.recordStart <= this.maxRecordLength) return;
    const inQuote = this.state === State.Quoted || this.state === State.QuoteInQuoted;
    throw new CsvError(
      inQuote ? this.quoteLine : this.recordLine,
      `a record longer than ${this.maxRecordLength} characters starts here` +
        (inQuote ? ', most likely because a quoted field opened here is never closed' : ''),
    );
  }
}

function describeChar(text: string, at: number): string {
  const ch = text.codePointAt(at) ?? 0;
  return ch >= 0x20 && ch !== 0x7f ? `character '${String.fromCodePoint(ch)}'` : `character U+${hex(ch)}`;
}

function hex(codePoint: number): string {
  return codePoint.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Reads CSV records from chunks of text or UTF-8 bytes: a Node readable stream, a web
 * `ReadableStream` in runtimes where it is async-iterable, or any (async) iterable. A UTF-8 BOM is
 * dropped; CRLF, LF and CR all end lines; blank lines are skipped.
 */
export async function* parseCsv(
  chunks: AsyncIterable<CsvChunk> | Iterable<CsvChunk>,
  options: CsvParseOptions = {},
): AsyncGenerator<CsvRecord, void, undefined> {
  const parser = new CsvParser(options);
  // Bytes are decoded here rather than by the caller so that a character split between two chunks
  // survives, and a file that is not UTF-8 (an Excel "CSV" in Windows-1252) is refused, not garbled.
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  const decode = (bytes?: Uint8Array): string => {
    decoder ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new CsvError(
        parser.currentLine,
        'the file is not valid UTF-8 (at or after this line); save or export it as "CSV UTF-8" and try again',
      );
    }
  };
  for await (const chunk of chunks) {
    let text: string;
    if (typeof chunk === 'string') text = chunk;
    else if (chunk instanceof Uint8Array) text = decode(chunk);
    else throw new TypeError('CSV chunks must be strings or bytes (Uint8Array/Buffer)');
    const records = parser.push(text);
    for (const record of records) yield record;
  }
  if (decoder) parser.push(decode());
  for (const record of parser.end()) yield record;
}

/** `parseCsv` for text already in memory. */
export function parseCsvString(text: string, options: CsvParseOptions = {}): CsvRecord[] {
  const parser = new CsvParser(options);
  const records = parser.push(text);
  for (const record of parser.end()) records.push(record);
  return records;
}

export const DELIMITER_CANDIDATES: readonly string[] = [',', ';', '\t', '|'];

/**
 * Guesses the delimiter from the start of a file: the candidate that splits the first line into the
 * most columns, among those that split the most of the following lines into the same number.
 * Quotes are respected, so `"Smith, J";12` is one column of names. Falls back to `,` when no
 * candidate gives a first line of two columns or more (a one-column file).
 */
export function detectDelimiter(sample: string, maxLines = 20): string {
  let best = ',';
  let bestScore = 0;
  let bestColumns = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const counts = sampleFieldCounts(sample, candidate, maxLines);
    const columns = counts[0] ?? 0;
    if (columns < 2) continue;
    const score = counts.filter((c) => c === columns).length / counts.length;
    if (score > bestScore || (score === bestScore && columns > bestColumns)) {
      best = candidate;
      bestScore = score;
      bestColumns = columns;
    }
  }
  return best;
}

function sampleFieldCounts(sample: string, delimiter: string, maxLines: number): number[] {
  const parser = new CsvParser({ delimiter, maxRecordLength: Number.POSITIVE_INFINITY });
  try {
    // Only records ended by a line break: the sample may stop in the middle of the last one.
    let records = parser.push(sample);
    if (records.length === 0) records = parser.end();
    return records.slice(0, maxLines).map((r) => r.fields.length);
  } catch (error) {
    if (error instanceof CsvError) return [];
    throw error;
  }
}
