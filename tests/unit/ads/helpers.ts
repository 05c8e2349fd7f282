// Test helpers for the ads suite: CSV text → Table with explicit types (independent of role inference).
import Papa from 'papaparse';
import { tableFromRecords, type ColumnType, type Table } from '../../../src/core/data/table.ts';
import { generate } from '../../../scripts/samples/ads.ts';

export function tableFromCsv(csv: string, types: Record<string, ColumnType>): Table {
  const parsed = Papa.parse<Record<string, string>>(csv.trim(), { header: true, skipEmptyLines: true });
  return tableFromRecords(parsed.data, types);
}

export const SAMPLE_TYPES: Record<string, ColumnType> = {
  date: 'date',
  channel: 'categorical',
  time_slot: 'categorical',
  age_group: 'categorical',
  gender: 'categorical',
  ad_format: 'categorical',
  spend: 'decimal',
  impressions: 'integer',
  clicks: 'integer',
  conversions: 'integer',
  revenue: 'decimal',
};

export const SAMPLE_ROLES = {
  date: 'timestamp',
  channel: 'channel',
  time_slot: 'categorical',
  age_group: 'categorical',
  gender: 'categorical',
  ad_format: 'categorical',
  spend: 'spend',
  impressions: 'impressions',
  clicks: 'clicks',
  conversions: 'conversions',
  revenue: 'amount',
} as const;

export interface SampleTruth {
  importanceRanking: string[];
  factors: { name: string; best: string; worst: string }[];
  bestChannel: string;
  curves: Record<string, { beta: number; k: number; n: number }>;
}

export function sampleTable(seed = 20261128): { table: Table; truth: SampleTruth } {
  const set = generate(seed);
  return { table: tableFromCsv(set.files[0]!.csv, SAMPLE_TYPES), truth: set.truth as SampleTruth };
}
