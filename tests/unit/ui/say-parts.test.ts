// sayParts: a worded message split into its own words and the data it quotes, so the UI can mark the data
// translate="no" (the zh-CN E2E skips only what is marked).
import { describe, expect, it } from 'vitest';
import { msg } from '../../../src/core/msg.ts';
import { sayParts } from '../../../src/ui/components/say-parts.ts';
import { sayEn } from '../../../src/cli/say.ts';

describe('sayParts', () => {
  it('returns the data param as a part of its own, the rest as words, in order', () => {
    const x = msg('cmp_fit_outcome_not_impressions', { column: 'clicked' });
    const parts = sayParts(x, ['column']);
    expect(parts.filter((p) => p.data)).toEqual([{ text: 'clicked', data: true }]);
    expect(parts.map((p) => p.text).join('')).toBe(sayEn(x));
    expect(parts[0]).toEqual({ text: '`', data: false });
  });

  it('keeps a data value that looks like a slot marker or is empty as data', () => {
    const parts = sayParts(msg('cmp_fit_outcome_not_impressions', { column: '0' }), ['column']);
    expect(parts.filter((p) => p.data).map((p) => p.text)).toEqual(['0']);
  });

  it('a message without data params is one part of words', () => {
    expect(sayParts(msg('cmp_fit_needs_item_id'), ['column'])).toEqual([
      { text: sayEn(msg('cmp_fit_needs_item_id')), data: false },
    ]);
  });
});
