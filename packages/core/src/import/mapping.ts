/**
 * Which column of a file fills which field: suggested from a vendor preset and from the header
 * spellings the fields know, then checked against the file before any row is read.
 */
import { DATE_FORMATS, type DateFormat } from '../csv/values.ts';
import { type FieldSpec, findField, IMPORT_FIELDS, type ImportKind } from './fields.ts';
import { IMPORT_PRESETS, type ImportPreset, type PresetMapping } from './presets.ts';
import { compactKey } from './values.ts';

export interface ImportMapping {
  /** Field key → the header of the column that fills it, as written in the file. */
  columns: Partial<Record<string, string>>;
  dateFormat: DateFormat;
  /** The decimal separator of amounts and numbers; without it, each value's shape decides. */
  decimal?: '.' | ',';
}

export interface ResolvedMapping {
  kind: ImportKind;
  /** Field key → index of its column in the file. */
  index: Partial<Record<string, number>>;
}

export interface MappingProblem {
  field?: string;
  header?: string;
  message: string;
}

/**
 * The form headers are compared in: case, accents, spaces and punctuation dropped, and Salesforce's
 * `__c` custom-field suffix removed, so "Close Date", "close_date" and "CloseDate" meet.
 */
export function normaliseHeader(header: string): string {
  return compactKey(header.trim().replace(/__c$/i, ''));
}

/** "Deal - Title" names its record first (Pipedrive); the entity words each kind may carry. */
const ENTITY_PREFIXES: Record<ImportKind, readonly string[]> = {
  people: ['user', 'person', 'employee'],
  accounts: ['organization', 'organisation', 'company', 'account'],
  contacts: ['person', 'contact'],
  products: ['product'],
  deals: ['deal', 'opportunity'],
  'stage-history': ['deal', 'opportunity', 'history'],
  activities: ['activity', 'task', 'event'],
};
const ENTITY_PREFIX = /^\s*(\p{L}+)\s+[-–—]\s+(.+)$/u;

/** The header without an "Entity - " prefix naming this kind of record; null when it has none. */
function withoutEntityPrefix(kind: ImportKind, header: string): string | null {
  const m = ENTITY_PREFIX.exec(header);
  return m && ENTITY_PREFIXES[kind].includes((m[1] ?? '').toLowerCase()) ? (m[2] ?? null) : null;
}

/** Index of the column with this header: the exact spelling first, else the same normalised; -1 if none. */
function findHeader(headers: readonly string[], wanted: string): number {
  const exact = headers.indexOf(wanted);
  if (exact >= 0) return exact;
  const key = normaliseHeader(wanted);
  return key === '' ? -1 : headers.findIndex((header) => normaliseHeader(header) === key);
}

/** The spellings a field answers to, most telling first: its key, its label, then its aliases. */
function fieldNames(field: FieldSpec): string[] {
  return [field.key, field.label, ...field.aliases];
}

/** Field key → column index, for the preset's columns (or their alternatives) found in the file. */
function presetColumns(kind: ImportKind, mapping: PresetMapping, headers: readonly string[]) {
  const found: Partial<Record<string, number>> = {};
  const claims = new Map<number, string[]>();
  for (const field of IMPORT_FIELDS[kind]) {
    const primary = mapping.columns[field.key];
    const candidates = [
      ...(primary === undefined ? [] : [primary]),
      ...(mapping.alternatives?.[field.key] ?? []),
    ];
    for (const candidate of candidates) {
      const index = findHeader(headers, candidate);
      if (index >= 0 && canShare(field, claims.get(index))) {
        found[field.key] = index;
        claims.set(index, [...(claims.get(index) ?? []), field.key]);
        break;
      }
    }
  }
  return found;
}

function canShare(field: FieldSpec, claimedBy: readonly string[] | undefined): boolean {
  return (claimedBy ?? []).every((other) => field.sharesColumnWith?.includes(other) ?? false);
}

/**
 * The vendor preset whose export these headers look like, or null. A preset qualifies when it
 * claims at least three of the file's columns, and either six or more or half of them; of those
 * that qualify, the one that claims most wins (the first listed, on a tie). A file that lacks a
 * required field still qualifies: resolveMapping names what is missing.
 */
export function detectPreset(kind: ImportKind, headers: readonly string[]): ImportPreset['id'] | null {
  let best: ImportPreset['id'] | null = null;
  let bestCount = 0;
  for (const preset of IMPORT_PRESETS) {
    const mapping = preset.mappings[kind];
    if (mapping === undefined) continue;
    // Columns, not fields: a close date that fills two fields counts once.
    const count = new Set(Object.values(presetColumns(kind, mapping, headers))).size;
    const enough = count >= 3 && (count >= 6 || count * 2 >= headers.length);
    if (enough && count > bestCount) {
      best = preset.id;
      bestCount = count;
    }
  }
  return best;
}

/**
 * A mapping to start from: the preset's columns (the named one, or the one the headers look like),
 * then, for fields still without a column, headers that match a field's key, label or aliases,
 * first as written and then without a "Deal - " style prefix. A column fills one field only, except
 * for fields that may share one (a Salesforce close date). Dates are `auto` unless the preset knows.
 */
export function suggestMapping(
  kind: ImportKind,
  headers: readonly string[],
  presetId?: ImportPreset['id'],
): ImportMapping {
  const id = presetId ?? detectPreset(kind, headers);
  const preset = IMPORT_PRESETS.find((p) => p.id === id)?.mappings[kind];
  const fields = IMPORT_FIELDS[kind];
  const index: Partial<Record<string, number>> = preset ? presetColumns(kind, preset, headers) : {};
  const claims = new Map<number, string[]>();
  for (const [key, i] of Object.entries(index)) {
    if (i !== undefined) claims.set(i, [...(claims.get(i) ?? []), key]);
  }

  const normalised = headers.map(normaliseHeader);
  const stripped = headers.map((h) => {
    const rest = withoutEntityPrefix(kind, h);
    return rest === null ? '' : normaliseHeader(rest);
  });
  for (const forms of [normalised, stripped]) {
    for (const field of fields) {
      if (index[field.key] !== undefined) continue;
      for (const name of fieldNames(field)) {
        const key = normaliseHeader(name);
        const i = forms.findIndex((form, at) => form === key && !claims.has(at));
        if (i >= 0) {
          index[field.key] = i;
          claims.set(i, [field.key]);
          break;
        }
      }
    }
  }

  const columns: Partial<Record<string, string>> = {};
  for (const field of fields) {
    const i = index[field.key];
    if (i !== undefined && headers[i] !== undefined) columns[field.key] = headers[i];
  }
  const mapping: ImportMapping = { columns, dateFormat: preset?.dateFormat ?? 'auto' };
  if (preset?.decimal !== undefined) mapping.decimal = preset.decimal;
  return mapping;
}

/**
 * The mapping checked against the file's headers: every mapped header must be in the file once, a
 * column may fill only one field (save fields that share one), and every required field needs a
 * column. The index holds the fields that resolved, even when there are problems elsewhere.
 */
export function resolveMapping(
  kind: ImportKind,
  headers: readonly string[],
  mapping: ImportMapping,
): { resolved: ResolvedMapping; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const index: Partial<Record<string, number>> = {};
  const reported = new Set<string>();

  if (!DATE_FORMATS.includes(mapping.dateFormat)) {
    problems.push({
      message: `unknown date format "${mapping.dateFormat}": choose one of ${DATE_FORMATS.join(', ')}`,
    });
  }

  for (const [key, header] of Object.entries(mapping.columns)) {
    if (header === undefined || header === '') continue;
    const field = findField(kind, key);
    if (field === undefined) {
      problems.push({ field: key, header, message: `${kind} have no field "${key}"` });
      continue;
    }
    let positions = positionsOf(headers, (h) => h === header);
    if (positions.length === 0) {
      const loose = header.trim().toLowerCase();
      positions = positionsOf(headers, (h) => h.trim().toLowerCase() === loose);
    }
    const [first] = positions;
    if (first === undefined) {
      reported.add(key);
      problems.push({
        field: key,
        header,
        message: `column "${header}" (for ${field.label}) is not in the file`,
      });
    } else if (positions.length > 1) {
      reported.add(key);
      problems.push({
        field: key,
        header,
        message:
          `column "${header}" (for ${field.label}) appears ${positions.length} times in the file ` +
          `(columns ${positions.map((p) => p + 1).join(', ')}); rename them so that one can be chosen`,
      });
    } else {
      index[key] = first;
    }
  }

  const byColumn = new Map<number, FieldSpec[]>();
  for (const field of IMPORT_FIELDS[kind]) {
    const i = index[field.key];
    if (i !== undefined) byColumn.set(i, [...(byColumn.get(i) ?? []), field]);
  }
  for (const [i, fields] of byColumn) {
    const shared = fields.every((a) =>
      fields.every((b) => a === b || (a.sharesColumnWith?.includes(b.key) ?? false)),
    );
    if (fields.length < 2 || shared) continue;
    const [, second] = fields;
    problems.push({
      field: second?.key,
      header: headers[i],
      message:
        `column "${headers[i]}" is mapped to ${fields.length} fields (${fields.map((f) => f.label).join(', ')}); ` +
        'a column can fill only one',
    });
  }

  for (const field of IMPORT_FIELDS[kind]) {
    if (field.required && index[field.key] === undefined && !reported.has(field.key)) {
      problems.push({
        field: field.key,
        message: `${field.label} is required: choose the column that holds it`,
      });
    }
  }
  return { resolved: { kind, index }, problems };
}

function positionsOf(headers: readonly string[], matches: (header: string) => boolean): number[] {
  const positions: number[] = [];
  headers.forEach((header, i) => {
    if (matches(header)) positions.push(i);
  });
  return positions;
}
