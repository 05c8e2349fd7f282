// Reports in the reader's language: the same stored results written with zh-CN words (messages/zh-CN.json) carry the
// Chinese headings and sentences and none of the English report sentences; a build leaves no words behind.
import { describe, expect, it } from 'vitest';
import en from '../../../messages/en.json' with { type: 'json' };
import zh from '../../../messages/zh-CN.json' with { type: 'json' };
import { buildReport, makeWords, reportHtml, type ReportInput } from '../../../src/core/report/index.ts';
import { words } from '../../../src/core/report/words.ts';
import { EN, propensityResult, segmentResult, source } from './fixtures.ts';
import { adsResult, ctrResult, recommendResult } from './fixtures-ads.ts';

const table = zh as Record<string, string>;
const ZH = makeWords(
  (key, params) => (table[key] ?? key).replace(/\{(\w+)\}/g, (all, p: string) => params?.[p] ?? all),
  'zh-CN',
);
const inZh = <R>(result: R) => ({ ...source(result), words: ZH });
const inputs: ReportInput[] = [
  { feature: 'segments', source: inZh(segmentResult()) },
  { feature: 'propensity', source: inZh(propensityResult()) },
  { feature: 'recommendations', source: inZh(recommendResult()) },
  { feature: 'ads', source: inZh(adsResult()) },
  { feature: 'ads', source: inZh({ analysis: ctrResult(), plan: null }) },
];
// English report sentences without parameters (labels and whole sentences of two words or more).
const english = Object.entries(en as Record<string, string>)
  .filter(([k, v]) => k.startsWith('report_') && !v.includes('{') && /[a-z]+ [a-z]+/i.test(v))
  .map(([, v]) => v);

describe('reports in zh-CN', () => {
  it.each(inputs.map((i, n) => [`${i.feature} ${n}`, i] as const))('%s: Chinese words, no English sentence', (_, i) => {
    const html = reportHtml(i);
    expect(html).toContain('<html lang="zh-CN">');
    for (const h of ['分析对象', '核心指标', '下一步行动', '注意事项', '隐私保护：已隐去小群体'])
      expect(html).toContain(h);
    expect(html).toMatch(/因用户数或行数少于 10 而隐去的群体：\d+ 个/);
    const leftover = english.filter((s) => html.includes(`>${s}<`) || html.includes(`${s}.`));
    expect(leftover).toEqual([]);
  });

  it('a build leaves the words it used behind for no one: English next, then keys outside a build', () => {
    buildReport(inputs[0]!);
    const again = buildReport({ feature: 'segments', source: source(segmentResult()) });
    expect(again.title).toBe('Customer segments');
    expect(again.words).toBe(EN);
    expect(words.heading.main).toBe('report_heading_main');
  });
});
