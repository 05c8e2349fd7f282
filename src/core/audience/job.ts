// The audience feature's job contract: one segment's linked profile (recommendations, propensity, CLV) and the
// audience CSV. The worker (workers/jobs/audience.ts) finds the stored results on the same customers.
import type { AudienceResult } from './profile.ts';

export interface AudienceSpec {
  kind: 'audience';
  /** The segmented dataset. */
  datasetId: string;
  segment: number;
  /** Items to list. */
  n?: number;
}

export type AudienceJobResult = AudienceResult & { metrics: Record<string, number | string> };

export interface AudienceExportSpec {
  kind: 'audience-export';
  datasetId: string;
  /** One segment's members, or every customer with their segment (null). */
  segment: number | null;
}

export interface AudienceExportResult {
  csv: string;
  rows: number;
  /** Which linked results the columns came from. */
  columns: string[];
  metrics: Record<string, number | string>;
}

/** Most customers of a result must be segment members too for it to describe the segment (not an unrelated file). */
export const MIN_OVERLAP = 0.5;

/**
 * Which of several results is about these customers: the one covering most members, if it covers at least
 * MIN_OVERLAP of the members or of its own customers (a propensity table may be a subset of the segmented ones).
 */
export function bestOverlap<T>(members: ReadonlySet<string>, candidates: { ids: readonly string[]; value: T }[]) {
  let best: { value: T; covered: number } | null = null;
  for (const c of candidates) {
    let covered = 0;
    for (const id of c.ids) if (members.has(id)) covered++;
    const enough = covered >= MIN_OVERLAP * Math.min(members.size, c.ids.length);
    if (covered > 0 && enough && (!best || covered > best.covered)) best = { value: c.value, covered };
  }
  return best;
}
