/**
 * CSV built in the browser from figures already on the page (a chart's or a table's numbers), saved
 * through a Blob link: nothing to ask the server for. Quoting is
 * packages/core's writer (RFC 4180: quoted only when needed, quotes doubled, CRLF); text that a
 * spreadsheet would run as a formula gets a leading apostrophe, as the server's exports do.
 */
import { toCsv } from '@pacesetter/core';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell as text: numbers as they are (a bias of -0.1 is a number, not a formula), text guarded. */
export function csvText(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The file's text: a header line, then one line per row, with a byte-order mark for Excel. */
export function buildCsv(header: string[], rows: CsvCell[][]): string {
  return toCsv([header.map(csvText), ...rows.map((row) => row.map(csvText))], { bom: true });
}

/** A file name without characters that file systems refuse. */
export function csvFileName(...parts: string[]): string {
  const name = parts
    .join(' ')
    .trim()
    .replace(/[^\p{L}\p{N}.\- ]+/gu, '')
    .replace(/\s+/g, '-')
    .toLowerCase();
  return `${name || 'export'}.csv`;
}

/** Saves the text as a file through a temporary link to a Blob. */
export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Let the browser start the download before the address goes.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
