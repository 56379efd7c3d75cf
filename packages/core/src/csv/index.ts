/** Reading and writing CSV for imports and exports: the grammar, and the values found in real files. */
export {
  type CsvChunk,
  CsvError,
  type CsvParseOptions,
  CsvParser,
  type CsvRecord,
  DEFAULT_MAX_RECORD_LENGTH,
  DELIMITER_CANDIDATES,
  detectDelimiter,
  parseCsv,
  parseCsvString,
} from './parse.ts';
export {
  type Amount,
  type AmountOptions,
  DATE_FORMATS,
  type DateFormat,
  detectDecimalSeparator,
  normaliseName,
  parseAmount,
  parseDate,
  type ValueResult,
} from './values.ts';
export { type CsvWriteOptions, toCsv, toCsvRow, UTF8_BOM } from './write.ts';
