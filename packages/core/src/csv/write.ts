/**
 * Writes CSV that `parseCsv`, Excel and RFC 4180 readers all read back to the same fields: a field is
 * quoted only when it has to be, quotes inside it are doubled, and lines end in CRLF.
 */
import { checkDelimiter } from './parse.ts';

export interface CsvWriteOptions {
  /** One character; `,` unless given. */
  delimiter?: string;
  /** Start with a UTF-8 byte order mark, which Excel needs to read the file as UTF-8. */
  bom?: boolean;
  lineEnding?: '\r\n' | '\n';
}

export const UTF8_BOM = '\uFEFF';

/** One record and its line ending, for writing a large export a row at a time. */
export function toCsvRow(fields: readonly string[], options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  checkDelimiter(delimiter);
  return formatRow(fields, delimiter) + (options.lineEnding ?? '\r\n');
}

/** A whole file. A record with no fields cannot be told from a blank line, which readers skip. */
export function toCsv(records: Iterable<readonly string[]>, options: CsvWriteOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  checkDelimiter(delimiter);
  const lineEnding = options.lineEnding ?? '\r\n';
  const lines: string[] = [];
  for (const fields of records) lines.push(formatRow(fields, delimiter) + lineEnding);
  return (options.bom ? UTF8_BOM : '') + lines.join('');
}

function formatRow(fields: readonly string[], delimiter: string): string {
  // A lone empty field would be an empty line, which readers skip; `""` keeps the record.
  if (fields.length === 1 && fields[0] === '') return '""';
  return fields.map((field) => (needsQuotes(field, delimiter) ? quote(field) : field)).join(delimiter);
}

function needsQuotes(field: string, delimiter: string): boolean {
  return (
    field.includes('"') ||
    field.includes(delimiter) ||
    field.includes('\n') ||
    field.includes('\r') ||
    // A leading BOM at the start of the file would be taken for the file's own and dropped.
    field.charCodeAt(0) === 0xfeff
  );
}

function quote(field: string): string {
  return `"${field.replaceAll('"', '""')}"`;
}
