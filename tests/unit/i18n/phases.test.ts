// Every job phase core and the worker report (ctx.progress(…, 'phase')) is worded in both languages by
// src/ui/components/phase.ts: a new phase without a message fails here instead of showing English in the job tray.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_PHASES, sayPhase } from '../../../src/ui/components/phase.ts';
import { baseLocale, overwriteGetLocale, type Locale } from '../../../src/paraglide/runtime.js';

const inLocale = <T>(l: Locale, f: () => T): T => {
  overwriteGetLocale(() => l);
  try {
    return f();
  } finally {
    overwriteGetLocale(() => baseLocale);
  }
};

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts')) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}
const code = [...sources('src/core'), ...sources('workers')].join('\n');

/** The phase argument of every progress call: plain literals, and templates with their `${…}` filled in. */
function phases(): string[] {
  const out = new Set<string>();
  for (const [, lit] of code.matchAll(/progress\([^;]*?,\s*'([^'\n]+)'\s*\)/g)) out.add(lit!);
  for (const [, tpl] of code.matchAll(/progress\([^;]*?,\s*`([^`\n]+)`\s*\)/g)) {
    // A ternary between two literals gives both phases; any other expression stands for a number.
    const alt = /\$\{[^}]*\?\s*'([^']*)'\s*:\s*'([^']*)'\s*\}/.exec(tpl!);
    const variants = alt ? [alt[1]!, alt[2]!].map((v) => tpl!.replace(alt[0], v)) : [tpl!];
    for (const v of variants) out.add(v.replace(/\$\{[^}]*\}/g, '2'));
  }
  // Phases handed down as arguments (matrix factorisation's runs, the workspace file's weighted phases).
  for (const [, lit] of code.matchAll(/'((?:matrix factorisation): [a-z ]+)'/g)) out.add(lit!);
  for (const [, lit] of code.matchAll(/report\('([a-z]+)'/g)) out.add(lit!);
  return [...out].sort();
}

describe('job phases', () => {
  it('finds the phases core reports', () => {
    const found = phases();
    expect(found).toContain('describing segments');
    expect(found).toContain('k-means run 2/2');
    expect(found).toContain('Training the factorisation machine');
    expect(found.length).toBeGreaterThan(40);
  });

  it('words every phase in Chinese', () => {
    // Left in Latin letters: model names and acronyms (as the Chinese messages keep them).
    const latin = (s: string) => /[A-Za-z]{3,}/.test(s.replace(/BG\/NBD|Gamma-Gamma|GLM|MLP|k-means|Top-N/g, ''));
    const unworded = inLocale('zh-CN', () => phases().filter((p) => sayPhase(p) === p || latin(sayPhase(p))));
    expect(unworded).toEqual([]);
  });

  it('reads the same phases in English, numbers kept', () => {
    expect(sayPhase('k-means run 2/5')).toBe('k-means run 2/5');
    expect(sayPhase('describing segments')).toBe('Describing segments');
    expect(sayPhase('a phase nobody words')).toBe('a phase nobody words');
    expect(KNOWN_PHASES).toContain('done');
  });
});
