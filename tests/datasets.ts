// Where the shared public datasets are: `../shared/datasets` beside the checkout (as in CI), or $LOCALLIFT_DATASETS.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DATASETS = process.env.LOCALLIFT_DATASETS ?? join(repo, '..', 'shared', 'datasets');

export function dataset(rel: string): string {
  return join(DATASETS, rel);
}
