// The servable recommender as plain data: one trained model + the interaction history it excludes and explains from.
import type { BiasModel } from './baselines.ts';
import type { ExplicitMFModel } from './explicit-mf.ts';
import type { ImplicitMFModel } from './ials.ts';
import type { ExplicitKnnModel } from './knn/servable.ts';
import type { FeedbackMode, Matrix, Strength } from './interactions.ts';
import type { ItemKnnModel, PopularityModel } from './knn/item-knn.ts';

export type ServableModel =
  ExplicitMFModel | ExplicitKnnModel | ImplicitMFModel | ItemKnnModel | PopularityModel | BiasModel;

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
  /** Verb of the reason: "because you <verb> X and Y" (rated / bought / chose). */
  verb: string;
}

export function displayName(b: RecommenderBundle, i: number): string {
  const n = b.itemNames?.[i];
  return n ? n : (b.history.items[i] ?? '');
}
