// The segments feature's job contract: segment and rename specs/results, spec → core options, and the stored
// summary. The worker (workers/jobs/segments.ts) and the CLI (`locallift segment`) are thin adapters over it.
import type { Table } from '../data/table.ts';
import type { SegmentModel, SegmentOptions, SegmentResult } from './run.ts';

export interface SegmentSpec {
  kind: 'segment';
  /** The dataset (app) or file path (CLI) to segment. */
  datasetId: string;
  /** null = evaluate k = 2…10 and use the recommendation. */
  k: number | null;
  seed: number;
  minSize: number;
  /** Feature columns; empty = defaults (R, F, M for transactions). */
  features?: string[];
  /** A customer table joined on the customer id (transactions only). */
  customerDatasetId?: string | null;
  restarts?: number;
  log?: 'auto' | 'all' | 'none';
  invoiceColumn?: string;
  currency?: string;
}

export type SegmentJobResult = Omit<SegmentResult, 'model'> & { metrics: Record<string, number | string> };

export interface SegmentRenameSpec {
  kind: 'segment-rename';
  datasetId: string;
  names: string[];
}

/** Spec → options of runSegmentation; the customer table is loaded by the adapter (storage or file). */
export function segmentOptions(spec: SegmentSpec, customerTable?: { table: Table; idColumn: string }): SegmentOptions {
  return {
    // k = 0 is a request (an impossible one the run refuses), not "choose k for me" (null)
    ...(spec.k !== null && spec.k !== undefined ? { k: spec.k } : {}),
    seed: spec.seed,
    minSize: spec.minSize,
    ...(spec.features?.length ? { features: spec.features } : {}),
    ...(customerTable ? { customerTable } : {}),
    ...(spec.restarts !== undefined ? { restarts: spec.restarts } : {}),
    ...(spec.log ? { log: spec.log } : {}),
    ...(spec.invoiceColumn ? { invoiceColumn: spec.invoiceColumn } : {}),
    ...(spec.currency ? { currency: spec.currency } : {}),
  };
}

/** The stored result (everything but the model) with its History metrics. */
export function segmentJobResult(res: SegmentResult): { result: SegmentJobResult; model: SegmentModel } {
  const { model, ...rest } = res;
  const metrics = {
    k: res.k,
    inertia: Number(res.inertia.toFixed(2)),
    customers: res.customers.length,
    'rule accuracy': Number(res.ruleAccuracy.toFixed(3)),
  };
  return { result: { ...rest, metrics }, model };
}

/**
 * The user's own names replace the automatic ones (blank = keep), in the cards and in the rule texts; a renamed card
 * loses its automatic name's message, so every language shows the user's name.
 */
export function renameSegments(
  result: SegmentJobResult,
  names: string[],
): { result: SegmentJobResult; names: string[] } {
  const clean = names.map((n, i) => n.trim() || result.cards[i]?.name || `Segment ${i + 1}`);
  const cards = result.cards.map((c, i) => {
    const own = names[i]?.trim();
    if (!own || own === c.name) return c;
    const { nameMsg: _auto, ...rest } = c;
    return { ...rest, name: own };
  });
  const out: SegmentJobResult = { ...result, cards };
  out.rules = out.rules.map((r) => ({
    ...r,
    text: r.text.replace(/→ .*, (\d+ % pure)$/, `→ ${clean[r.segment]}, $1`),
  }));
  return { result: out, names: clean };
}
