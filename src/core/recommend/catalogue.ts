// Item catalogue join: a table of item id + title read into an id → title map (ids compared as strings, the way
// interactions read them), and a served bundle shown with those titles. The app's "Show titles from …" and the CLI's
// `--items file` both come here, so they join the same way.
import { JobError } from '../jobs.ts';
import { cellText, type RoleMap, type Table } from '../data/table.ts';
import { idText, NAME_COLUMNS } from './interaction-events.ts';
import type { RecommenderBundle } from './model.ts';

export interface CatalogueNames {
  idColumn: string;
  nameColumn: string;
  /** Item id text → title (first non-empty title per id). */
  names: Record<string, string>;
}

/**
 * The id column is the one with the item id role (else the first column); the title is the first text column whose
 * name reads like a title, name or description, else the first text column that is not an id.
 */
export function catalogueNames(table: Table, roles: RoleMap, source: string): CatalogueNames {
  const id = table.columns.find((c) => roles[c.name] === 'item_id') ?? table.columns[0];
  const texts = table.columns.filter(
    (c) => c !== id && c.kind === 'categorical' && roles[c.name] !== 'customer_id' && roles[c.name] !== 'item_id',
  );
  let name: (typeof texts)[number] | undefined;
  for (const re of NAME_COLUMNS) name ??= texts.find((c) => re.test(c.name));
  name ??= texts.find((c) => roles[c.name] === 'text') ?? texts[0];
  if (!id || !name)
    throw new JobError(
      'catalogue-columns',
      `\`${source}\` cannot be used as an item catalogue: it needs an item id column and a title, name or description column.`,
      { source, columns: table.columns.map((c) => c.name) },
    );
  const names: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let r = 0; r < table.rowCount; r++) {
    const key = idText(id, r);
    const title = cellText(name, r).trim();
    if (key !== '' && title !== '' && !(key in names)) names[key] = title;
  }
  return { idColumn: id.name, nameColumn: name.name, names };
}

/** The bundle with catalogue titles; items not in the catalogue keep the name they had (or their id). */
export function withTitles(
  b: RecommenderBundle,
  names: Record<string, string>,
): { bundle: RecommenderBundle; matched: number } {
  let matched = 0;
  const itemNames = b.history.items.map((id, i) => {
    const t = Object.hasOwn(names, id) ? names[id] : undefined;
    if (t !== undefined) matched++;
    return t ?? b.itemNames?.[i] ?? '';
  });
  return { bundle: { ...b, itemNames }, matched };
}
