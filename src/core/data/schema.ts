// Schema, roles and quality findings that the import produces and every ML page reads.
import type { ColumnType, Role, RoleMap, Table } from './table.ts';
import type { Msg } from '../msg.ts';

export interface ColumnSummary {
  name: string;
  type: ColumnType;
  role: Role;
  /** 0..1: how sure the role inference is. */
  roleConfidence: number;
  missing: number;
  distinct: number;
  min?: number;
  max?: number;
  mean?: number;
  /** Most frequent values (categorical/text/id), highest first. */
  top?: { value: string; count: number }[];
  /** Small histogram (numeric/date) or bar data (categorical): labels + counts. */
  histogram?: { labels: string[]; counts: number[] };
  /** Boolean columns read from words: the text for 0 and 1 (`No`/`Yes`), for display after a reload. */
  labels?: [string, string];
  /** PII kind when the column looks like personal data. */
  pii?: 'email' | 'phone' | 'name';
  /** True when the stored values are keyed hashes of the raw values. */
  pseudonymised?: boolean;
}

export interface QualityFinding {
  /** Stable machine code: 'missing', 'negative', 'duplicates', 'outliers', 'mixed-types', 'constant', … */
  code: string;
  column?: string;
  count: number;
  /** Human message with counts and locations, e.g. "`UnitPrice`: 2 negative values, rows 299,984 and 299,985". */
  message: string;
  /** The same in the reader's language (key + parameters; absent in datasets stored before it). */
  text?: Msg;
  /** 1-based data row numbers (first few) where the problem is. */
  rows?: number[];
  severity: 'info' | 'warning' | 'error';
  /** Repairs that apply to this finding. */
  repairs?: ('drop-rows' | 'impute-median' | 'impute-mode' | 'cap-outliers' | 'treat-as-missing')[];
}

export interface IngestFormat {
  delimiter: string;
  encoding: string;
  /** Why that encoding: the user's choice, a BOM, or the detection's evidence (encoding-detect.ts). */
  encodingReason?: string;
  /** The same reason as message parts for the UI (joined with '; '). */
  encodingWhy?: Msg[];
  hasHeader: boolean;
  bytes: number;
  decimalComma?: boolean;
}

export interface IngestResult {
  table: Table;
  columns: ColumnSummary[];
  roles: RoleMap;
  quality: QualityFinding[];
  /** Parse facts: delimiter, encoding (and why it was chosen), header present, bytes. */
  format: IngestFormat;
}
