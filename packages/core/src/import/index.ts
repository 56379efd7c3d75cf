/** Importing CRM and people data from CSV: the fields each record takes, vendor presets, column mapping, row validation. */
export {
  ACTIVITY_TYPES,
  CUSTOMER_STATUSES,
  DEAL_STATUSES,
  type FieldSpec,
  type FieldType,
  FORECAST_CATEGORIES,
  findField,
  IMPORT_FIELDS,
  IMPORT_KINDS,
  type ImportKind,
  LAWFUL_BASES,
  ROLES,
} from './fields.ts';
export {
  detectPreset,
  type ImportMapping,
  type MappingProblem,
  normaliseHeader,
  type ResolvedMapping,
  resolveMapping,
  suggestMapping,
} from './mapping.ts';
export { IMPORT_PRESETS, type ImportPreset, type PresetMapping } from './presets.ts';
export { type RowError, type RowResult, readRow } from './row.ts';
export { type ImportValue, readDate, readDateTime, readValue, type ValueOptions } from './values.ts';
