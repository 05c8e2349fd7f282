// Plain-data shapes of the segmentation job: the options it takes, the stored model and the result it returns.
import type { Table } from '../data/table.ts';
import type { Msg } from '../msg.ts';
import type { FeaturePipeline } from '../features/design.ts';
import type { RfmCounts } from '../features/rfm.ts';
import type { SegmentRule } from '../rules/tree.ts';
import type { KChoice } from './choose-k.ts';
import type { SegmentCard } from './cards.ts';
import type { PcaMap } from './pca.ts';

export interface SegmentOptions {
  /** Number of segments; absent = evaluate k = 2…10 and use the recommendation. */
  k?: number;
  seed?: number;
  restarts?: number;
  /** Source columns to use as features (default: R, F, M for transactions; all usable columns otherwise). */
  features?: string[];
  /** Feature names or columns the user unticked. */
  disabled?: string[];
  log?: 'auto' | 'all' | 'none';
  /** Segments smaller than this are flagged and left out of aggregate exports. */
  minSize?: number;
  invoiceColumn?: string | null;
  /** Optional customer table joined on the customer id ("fusion"). */
  customerTable?: { table: Table; idColumn: string };
  currency?: string;
  mapPoints?: number;
}

export interface SegmentModel {
  pipeline: FeaturePipeline;
  centroids: Float32Array;
  k: number;
  names: string[];
}

export interface SegmentResult {
  mode: 'transactions' | 'customers';
  k: number;
  inertia: number;
  sizes: number[];
  iterations: number;
  kChoice: KChoice | null;
  cards: SegmentCard[];
  rules: SegmentRule[];
  /** Share of customers the rules put in their own segment. */
  ruleAccuracy: number;
  map: PcaMap;
  /** Customer id per row (row number when the table has no id). */
  customers: string[];
  labels: Int32Array;
  featureNames: string[];
  model: SegmentModel;
  rfm: { counts: RfmCounts; snapshot: number; invoiceColumn: string | null; frequencyBasis: 'orders' | 'days' } | null;
  fusion: { matched: number; of: number } | null;
  /** Msg (seg_note_*, features' notes); plain strings in results stored before messages moved out of core. */
  notes: (Msg | string)[];
}
