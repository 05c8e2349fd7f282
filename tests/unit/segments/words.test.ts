// Segments in both languages: every automatic name, profile line, rule, k reason and note is a message that words
// (en) exactly as the English the CLI prints, and (zh-CN) leaves no English word outside data (column names, levels).
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../../scripts/samples/ecommerce.ts';
import { initNodeBackend } from '../../../src/cli/tf-node.ts';
import { sayEn } from '../../../src/cli/say.ts';
import { ingestCsv, textSource } from '../../../src/core/data/ingest.ts';
import { tableFromRecords } from '../../../src/core/data/table.ts';
import { silentContext } from '../../../src/core/jobs.ts';
import { isMsg } from '../../../src/core/msg.ts';
import { rng } from '../../../src/core/random.ts';
import { renameSegments, segmentJobResult } from '../../../src/core/segments/job.ts';
import { runSegmentation } from '../../../src/core/segments/run.ts';
import type { SegmentResult } from '../../../src/core/segments/types.ts';
import { baseLocale, overwriteGetLocale, type Locale } from '../../../src/paraglide/runtime.js';
import {
  featureParts,
  noteParts,
  ruleParts,
  segmentName,
  segmentNameParts,
  text,
  type Part,
} from '../../../src/ui/segments/words.ts';

const inLocale = <T>(l: Locale, f: () => T): T => {
  overwriteGetLocale(() => l);
  try {
    return f();
  } finally {
    overwriteGetLocale(() => baseLocale);
  }
};

/** Latin words of three letters or more outside data parts (k, sd-free units and acronyms such as PCA pass). */
const english = (parts: Part[]) =>
  parts
    .filter((p) => !p.data)
    .map((p) => p.text)
    .join('')
    .match(/[A-Za-z]{3,}/g) ?? [];

let shop: SegmentResult;
let club: SegmentResult;

beforeAll(async () => {
  await initNodeBackend();
  const sample = generate(20261128);
  const ingested = await ingestCsv(textSource(sample.files[0]!.csv), silentContext());
  shop = await runSegmentation(ingested.table, ingested.roles, { seed: 1 }, silentContext());
  // A customer table with Chinese and English column names and a category: names come from traits, not RFM.
  const r = rng(9);
  const rows = Array.from({ length: 400 }, (_, i) => {
    const g = i % 3;
    return {
      id: `C${i}`,
      年龄: Math.round([25, 45, 65][g]! + 5 * (r() - 0.5)),
      income: Math.round([30, 90, 50][g]! + 8 * (r() - 0.5)),
      plan: ['basic', 'gold', 'basic'][g]!,
    };
  });
  const t = tableFromRecords(rows, { id: 'id', 年龄: 'integer', income: 'integer', plan: 'categorical' });
  club = await runSegmentation(t, { id: 'customer_id' }, { k: 3, seed: 2 }, silentContext());
}, 120_000);

describe('segment wording', () => {
  it('each message words in English exactly as the English text (names, profile lines, rules, k reason)', () => {
    for (const res of [shop, club]) {
      for (const c of res.cards) {
        expect(c.nameMsg).toBeDefined();
        expect(segmentName(c)).toBe(c.name);
        for (const f of c.profile) expect(sayEn(f.textMsg)).toBe(f.text);
      }
      for (const r of res.rules) expect(text(ruleParts(r, res.cards))).toBe(r.text);
    }
    expect(sayEn(shop.kChoice!.reasonMsg)).toBe(shop.kChoice!.reason);
    expect(shop.cards.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Recent high spenders', 'Lapsed one-timers']),
    );
    // The segmentation's own notes are messages (the CLI words them); the feature pipeline's come from core/features.
    const own = shop.notes.filter((n) => isMsg(n));
    expect(own.map((n) => (n as { key: string }).key)).toEqual(expect.arrayContaining(['seg_note_rfm_rows']));
    expect(shop.notes.map((n) => sayEn(n)).join(' ')).toMatch(/transaction rows used for \d[\d,]* customers/);
  });

  it('zh-CN: no English word left outside data, and column names stay as they are', () => {
    inLocale('zh-CN', () => {
      for (const res of [shop, club]) {
        for (const c of res.cards) {
          expect(english(segmentNameParts(c)), segmentName(c)).toEqual([]);
          for (const f of c.profile) expect(english(featureParts(f)), text(featureParts(f))).toEqual([]);
        }
        for (const r of res.rules) expect(english(ruleParts(r, res.cards)), text(ruleParts(r, res.cards))).toEqual([]);
        for (const n of res.notes.filter((x) => isMsg(x)))
          expect(english(noteParts(n)), text(noteParts(n))).toEqual([]);
      }
      const lines = club.cards.flatMap((c) => c.profile.map((f) => featureParts(f)));
      // The data pieces are the file's own column names, untouched.
      const data = new Set(
        lines
          .flat()
          .filter((p) => p.data)
          .map((p) => p.text),
      );
      expect(data).toContain('年龄');
      expect(data).toContain('income');
      expect(text(ruleParts(shop.rules[0]!, shop.cards))).toMatch(/纯度 \d+ %/);
      expect(segmentName(shop.cards.find((c) => c.name === 'Recent high spenders'))).toBe('近期高消费用户');
    });
  });

  it('a renamed segment shows its own name in every language; a blank name keeps the automatic message', () => {
    const { result } = segmentJobResult(shop);
    const names = result.cards.map((_, i) => (i === 0 ? 'VIP club' : ''));
    const { result: renamed } = renameSegments(result, names);
    expect(renamed.cards[0]!.nameMsg).toBeUndefined();
    inLocale('zh-CN', () => {
      expect(segmentName(renamed.cards[0])).toBe('VIP club');
      expect(segmentName(renamed.cards[1])).toBe(segmentName(result.cards[1]));
      expect(renamed.cards[1]!.nameMsg).toEqual(result.cards[1]!.nameMsg);
      const rule = renamed.rules.find((r) => r.segment === 0)!;
      expect(text(ruleParts(rule, renamed.cards))).toContain('VIP club');
    });
  });
});
