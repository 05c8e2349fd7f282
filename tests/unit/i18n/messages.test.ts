// messages/en.json and messages/zh-CN.json: the same keys with the same {parameters}, nothing empty, Chinese where a
// person reads Chinese, every key used somewhere in src/ or workers/ and every key used there present.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

type Messages = Record<string, string>;
const load = (locale: string): Messages => {
  const raw = JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Record<string, unknown>;
  delete raw.$schema;
  for (const [k, v] of Object.entries(raw))
    if (typeof v !== 'string') throw new Error(`${locale}: ${k} is not a string`);
  return raw as Messages;
};
const en = load('en');
const zh = load('zh-CN');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'paraglide' || name === 'node_modules') continue;
    if (statSync(p).isDirectory()) sources(p, out);
    else if (/\.(ts|svelte)$/.test(name)) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}
const files = [...sources('src'), ...sources('workers')];
const code = files.join('\n');
/** Files that word things with paraglide (`m.key()`); elsewhere `m` may be any variable. */
const wording = files.filter((f) => f.includes('paraglide/messages.js')).join('\n');
const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((x) => x[1]).sort();
/** Values that read the same in both languages: acronyms, units, symbols and numbers. */
const NEUTRAL = /^[A-Z0-9\s@%/.:,+\-–—×()·|#&^*<>=≤≥…@R²]*$|^[A-Z]{2,}(\/[A-Z]+)*$|^(k|n|F1|Gini|ROAS|CTR|iALS|MF)$/;

describe('messages', () => {
  it('has messages', () => {
    expect(Object.keys(en).length).toBeGreaterThan(0);
  });

  it('en and zh-CN have the same keys', () => {
    expect(Object.keys(zh).filter((k) => !(k in en))).toEqual([]);
    expect(Object.keys(en).filter((k) => !(k in zh))).toEqual([]);
  });

  it('keys are snake_case identifiers and no value is empty', () => {
    for (const [k, v] of [...Object.entries(en), ...Object.entries(zh)]) {
      expect(k).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(v.trim(), k).not.toBe('');
    }
  });

  it('each key has the same {parameters} in both languages', () => {
    const bad = Object.keys(en).filter((k) => zh[k] !== undefined && params(en[k]!).join() !== params(zh[k]!).join());
    expect(bad).toEqual([]);
  });

  it('zh-CN is Chinese wherever the English has words', () => {
    const untranslated = Object.keys(en).filter((k) => {
      const z = zh[k]!.replace(/\{\w+\}/g, '');
      return !/[\u3400-\u9fff]/.test(z) && !NEUTRAL.test(en[k]!.replace(/\{\w+\}/g, '').trim());
    });
    expect(untranslated).toEqual([]);
  });

  it('every key is used in src/ or workers/', () => {
    // err_<code> keys are looked up by a JobError's code (src/ui/say.ts sayError): used while that code is thrown.
    const codes = new Set([...code.matchAll(/JobError\(\s*'([\w-]+)'/g)].map((x) => x[1]!.replace(/-/g, '_')));
    const unusedErrors = Object.keys(en).filter((k) => k.startsWith('err_') && !codes.has(k.slice(4)));
    expect(unusedErrors).toEqual([]);
    const unused = Object.keys(en).filter(
      (k) => !k.startsWith('err_') && !new RegExp(`(\\bm\\.${k}\\b|['"\`]${k}['"\`])`).test(code),
    );
    expect(unused).toEqual([]);
  });

  it('every key used in the code exists', () => {
    const used = new Set<string>();
    for (const x of wording.matchAll(/\bm\.([a-z][a-z0-9_]*)\b/g)) used.add(x[1]!);
    for (const x of code.matchAll(/\bmsg\(\s*'([a-z][a-z0-9_]*)'/g)) used.add(x[1]!);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });
});
