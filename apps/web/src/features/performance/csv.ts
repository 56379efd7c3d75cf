/**
 * CSV built in the browser from what a chart or table shows, and saved through a Blob link: the
 * numbers are already on the page, so there is nothing to ask the server for.
 */

export type CsvCell = string | number | boolean | null | undefined;

/** Text a spreadsheet would run as a formula (as the server's exports guard against). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one line per row, CRLF-separated as RFC 4180 writes them. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows]
    .map((row) => row.map(csvCell).join(','))
    .join('\r\n')
    .concat('\r\n');
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

/** Saves the text as a CSV file (with a byte-order mark, so spreadsheets read it as UTF-8). */
export function downloadCsv(fileName: string, csv: string): void {
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
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
