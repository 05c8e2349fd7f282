// The servable recommender as plain data: one trained model + the interaction history it excludes and explains from.
import type { BiasModel } from './baselines.ts';
import type { ExplicitMFModel } from './explicit-mf.ts';
import type { ImplicitMFModel } from './ials.ts';
import type { FeedbackMode, Matrix, Strength } from './interactions.ts';
import type { ItemKnnModel, PopularityModel } from './item-knn.ts';

export type ServableModel = ExplicitMFModel | ImplicitMFModel | ItemKnnModel | PopularityModel | BiasModel;

/**
 * Everything serving needs, all typed arrays / strings / numbers (IndexedDB- and postMessage-safe).
 * `history` shares the model's user/item index space.
 */
export interface RecommenderBundle {
  schemaVersion: 1;
  mode: FeedbackMode;
  strength: Strength;
  model: ServableModel;
  history: Matrix;
  /** Display names by item index ('' = none). */
  itemNames: string[] | null;
}

export function displayName(b: RecommenderBundle, i: number): string {
  const n = b.itemNames?.[i];
  return n ? n : (b.history.items[i] ?? '');
}

/** Typed arrays of a bundle, for Comlink.transfer / storage sizing. */
export function bundleBuffers(b: RecommenderBundle): ArrayBuffer[] {
  const arrays: ArrayLike<number>[] = [b.history.indptr, b.history.indices, b.history.values];
  const m = b.model;
  if (m.kind === 'explicit-mf') arrays.push(m.userBias, m.itemBias, m.userFactors, m.itemFactors);
  else if (m.kind === 'implicit-mf') arrays.push(m.userFactors, m.itemFactors);
  else if (m.kind === 'item-knn') arrays.push(m.indptr, m.neighbours, m.similarity);
  else if (m.kind === 'popular') arrays.push(m.counts);
  else arrays.push(m.userBias, m.itemBias);
  return arrays.map((a) => (a as unknown as { buffer: ArrayBuffer }).buffer);
}
