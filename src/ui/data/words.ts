// The Data page's fixed words in the reader's language: role, column-type, PII-kind and repair names (explicit maps
// of message functions, so the key test sees every key; core keeps its codes).
import { m } from '../../paraglide/messages.js';
import type { ColumnType } from '../../core/data/table.ts';
import type { RepairOp } from '../../core/data/repairs.ts';

type Word = () => string;

/** Role names live with the data state, which words the role-saved line. */
export { ROLE_NAME } from '../../state/data-words.ts';

export const TYPE_NAME: Record<ColumnType, Word> = {
  integer: m.data_type_integer,
  decimal: m.data_type_decimal,
  boolean: m.data_type_boolean,
  date: m.data_type_date,
  categorical: m.data_type_categorical,
  text: m.data_type_text,
  id: m.data_type_id,
};

export type PiiKind = 'email' | 'phone' | 'name';
/** Short (the column badge) and long (the import review) names of a kind of personal data. */
export const PII_SHORT: Record<PiiKind, Word> = { email: m.pii_email, phone: m.pii_phone, name: m.pii_name };
export const PII_LOOKS: Record<PiiKind, Word> = {
  email: m.pii_looks_email,
  phone: m.pii_looks_phone,
  name: m.pii_looks_name,
};

export const REPAIR_LABEL: Record<RepairOp, Word> = {
  'drop-rows': m.repair_drop_rows,
  'impute-median': m.repair_impute_median,
  'impute-mode': m.repair_impute_mode,
  'cap-outliers': m.repair_cap_outliers,
  'treat-as-missing': m.repair_treat_as_missing,
};

export const REPAIR_HELP_TEXT: Record<RepairOp, Word> = {
  'drop-rows': m.repair_help_drop_rows,
  'impute-median': m.repair_help_impute_median,
  'impute-mode': m.repair_help_impute_mode,
  'cap-outliers': m.repair_help_cap_outliers,
  'treat-as-missing': m.repair_help_treat_as_missing,
};
