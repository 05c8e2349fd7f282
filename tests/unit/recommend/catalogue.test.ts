// Item catalogue join: id + title read from catalogues of any header (English, Chinese, numeric ids, other delimiters),
// joined on the id as text; the served lists, reasons and similar items show titles, unknown items keep their id; the
// CLI's --items joins the same way.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import type { RoleMap } from '../../../src/core/data/table.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { catalogueNames, withTitles } from '../../../src/core/recommend/catalogue.ts';
import { runRecommend, type RecommendResult } from '../../../src/core/recommend/run.ts';
import { recommendForUser, similarItems } from '../../../src/core/recommend/serve.ts';
import { run } from '../../../src/cli/commands/recommend.ts';
import { rng } from '../../../src/core/random.ts';
import { sayEn } from '../../../src/cli/say.ts';

const ingest = (csv: string, roles?: RoleMap) =>
  ingestCsv(textSource(csv), silentContext(), { pii: { disabled: true }, ...(roles ? { roles } : {}) });

/** 120 shoppers in 4 taste groups over 60 numbered products (ids 1001…); titles name each product's group. */
function log(): string {
  const r = rng(5);
  const lines = ['buyer,product'];
  for (let u = 0; u < 120; u++) {
    const g = u % 4;
    const seen = new Set<number>();
    while (seen.size < 10) seen.add(g * 15 + Math.floor(r() * 15));
    for (const i of seen) lines.push(`b${u},${1001 + i}`);
  }
  return lines.join('\n') + '\n';
}
const titleOf = (i: number) => `Group ${Math.floor(i / 15)} product ${i}`;
// the last five products are missing from the catalogue: they must keep their id
const catalogue = (head: string, sep: string) =>
  [head, ...Array.from({ length: 55 }, (_, i) => `${1001 + i}${sep}${titleOf(i)}${sep}${i % 3}`)].join('\n') + '\n';

describe('catalogue names', () => {
  it('reads id + title whatever the headers and delimiter (title-like name, else the first text column)', async () => {
    for (const [head, sep] of [
      ['product_id,product_title,shelf', ','],
      ['商品编号;商品名称;货架', ';'],
      ['code\tlabel\tshelf', '\t'],
    ] as const) {
      const ing = await ingest(catalogue(head, sep));
      const c = catalogueNames(ing.table, ing.roles, 'items');
      expect(c.idColumn).toBe(ing.table.columns[0]!.name);
      expect(c.nameColumn).toBe(ing.table.columns[1]!.name);
      expect(Object.keys(c.names)).toHaveLength(55);
      expect(c.names['1003']).toBe(titleOf(2));
    }
  });

  it('a table with no text column is refused with a message naming it', async () => {
    const ing = await ingest('id,price\n1,2\n3,4\n');
    expect(() => catalogueNames(ing.table, ing.roles, 'prices.csv')).toThrow(/`prices.csv` cannot be used as an item/);
  });
});

describe('joined titles in the served lists', () => {
  const roles: RoleMap = { buyer: 'customer_id', product: 'item_id' };
  let res: RecommendResult;
  beforeAll(async () => {
    const ing = await ingest(log(), roles);
    res = await runRecommend(
      ing.table,
      roles,
      { grid: [{ factors: 8, reg: 5, alpha: 4, regExponent: 0 }] },
      silentContext(),
    );
  });

  it('top-N, reasons and similar items show titles; items not in the catalogue keep their id', async () => {
    expect(res.signal!.usable).toBe(true);
    const cat = await ingest(catalogue('product_id,product_title,shelf', ','));
    const { bundle, matched } = withTitles(res.bundle, catalogueNames(cat.table, cat.roles, 'items').names);
    expect(matched).toBe(55);
    const recs = recommendForUser(bundle, 'b0', 10);
    expect(recs.every((x) => x.name === titleOf(Number(x.item) - 1001) || Number(x.item) > 1055)).toBe(true);
    expect(
      recs.filter((x) => x.because.length).every((x) => /because you chose “Group 0 product/.test(sayEn(x.reason))),
    ).toBe(true);
    for (const s of similarItems(bundle, '1001', 5)) expect(s.name).toBe(titleOf(Number(s.item) - 1001));
    // an item outside the catalogue: no title, so the id is what the page shows
    const i = bundle.history.items.indexOf('1060');
    expect(bundle.itemNames![i]).toBe('');
    // the stored bundle itself is untouched (the join is a view)
    expect(res.bundle.itemNames).toBeNull();
  });

  it('the CLI --items joins the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'locallift-cat-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'log.csv'), log());
    writeFileSync(join(dir, 'items.csv'), catalogue('product_id,product_title,shelf', ','));
    const out = join(dir, 'recs.csv');
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const code = await run([
        join(dir, 'log.csv'),
        '--items',
        join(dir, 'items.csv'),
        '--grid',
        '5:4',
        '--k',
        '5',
        '--out',
        out,
      ]);
      expect(code).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const rows = readFileSync(out, 'utf8').trim().split(/\r?\n/).slice(1);
    const named = rows.filter((l) => /,Group \d product \d+,/.test(l));
    expect(named.length).toBeGreaterThan(rows.length * 0.8);
    for (const l of rows) {
      const [, , item, name] = l.split(',');
      expect(name).toBe(Number(item) <= 1055 ? titleOf(Number(item) - 1001) : item); // not catalogued: its id
    }
  });
});
