// Re-export shim: src/ui/ads/CtrPanel.svelte (another helper's edit in progress) still imports the propensity wording
// with its old signature; the one module is src/ui/components/said.ts. Switch that import and delete this file.
import type { Msg } from '../../core/msg.ts';
import { sayParts as said, type Part } from '../components/said.ts';

export type { Part };

/** Parameters that carry the data's own text in propensity messages (the old default of this module). */
export const DATA_PARAMS: readonly string[] = [
  'column',
  'columns',
  'target',
  'level',
  'levels',
  'other',
  'last',
  'rest',
  'word',
  'positive',
  'outcome',
];

/** The old propensity behaviour: named string parameters are data; nested messages are worded as the app's text. */
export const sayParts = (x: Msg | string | null | undefined, data: readonly string[] = DATA_PARAMS): Part[] =>
  said(x, { data, nested: false });
