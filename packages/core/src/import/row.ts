/**
 * One row of an imported file read into field values, or every reason it cannot be, each naming the
 * line, the column and the value, so that a dry run can list what to fix in the file.
 */
import type { CsvRecord } from '../csv/parse.ts';
import { IMPORT_FIELDS } from './fields.ts';
import type { ImportMapping, ResolvedMapping } from './mapping.ts';
import { type ImportValue, readValue } from './values.ts';

export interface RowError {
  line: number;
  /** The header of the column, or the field's label when no column is mapped to it. */
  column: string;
  field: string;
  value: string;
  reason: string;
}

export type RowResult = { ok: true; values: Record<string, ImportValue> } | { ok: false; errors: RowError[] };

/**
 * The mapped fields of a row, read as their types. A field with no column is absent from `values`
 * (a re-import leaves it as it is); a mapped but empty cell is null. A required field that is empty
 * or unmapped is an error, and so is a value beyond the last header, which is how a value with an
 * unquoted delimiter shows itself.
 */
export function readRow(
  resolved: ResolvedMapping,
  mapping: ImportMapping,
  record: CsvRecord,
  headers: readonly string[],
): RowResult {
  const values: Record<string, ImportValue> = {};
  const errors: RowError[] = [];
  const line = record.line;
  for (const field of IMPORT_FIELDS[resolved.kind]) {
    const index = resolved.index[field.key];
    if (index === undefined) {
      if (field.required) {
        errors.push({ line, column: field.label, field: field.key, value: '', reason: 'is required' });
      }
      continue;
    }
    const raw = record.fields[index] ?? '';
    const column = headers[index] ?? field.label;
    const result = readValue(field, raw, mapping);
    if (!result.ok) {
      errors.push({ line, column, field: field.key, value: raw, reason: result.reason });
    } else if (result.value === null && field.required) {
      errors.push({ line, column, field: field.key, value: raw, reason: 'is required' });
    } else {
      values[field.key] = result.value;
    }
  }
  const extra = record.fields.slice(headers.length).findIndex((value) => value.trim() !== '');
  if (extra >= 0) {
    const at = headers.length + extra;
    errors.push({
      line,
      column: `column ${at + 1}`,
      field: '',
      value: record.fields[at] ?? '',
      reason:
        `the row has ${record.fields.length} values but the header has ${headers.length} columns; ` +
        'a value that contains the delimiter may be missing its quotes',
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}
