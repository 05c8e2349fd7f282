// sayParts (src/ui/components/said.ts): a worded message split into its own words and the data it quotes, so the UI
// can mark the data translate="no" (the zh-CN E2E skips only what is marked); each caller's options kept apart.
import { describe, expect, it } from 'vitest';
import { msg } from '../../../src/core/msg.ts';
import { sayParts, text } from '../../../src/ui/components/said.ts';
import { SEGMENT_WORDS } from '../../../src/ui/segments/words.ts';
import { sayEn } from '../../../src/cli/say.ts';
import { booleanWording, levelCondition, MISSING_LEVEL } from '../../../src/core/propensity/rule-wording.ts';

describe('sayParts with named data parameters (dataset picker)', () => {
  const picker = { data: ['column'], nested: false };
  it('returns the data param as a part of its own, the rest as words, in order', () => {
    const x = msg('cmp_fit_outcome_not_impressions', { column: 'clicked' });
    const parts = sayParts(x, picker);
    expect(parts.filter((p) => p.data)).toEqual([{ text: 'clicked', data: true }]);
    expect(parts.map((p) => p.text).join('')).toBe(sayEn(x));
    expect(parts[0]).toEqual({ text: '`', data: false });
  });

  it('keeps a data value that looks like a slot marker or is empty as data', () => {
    const parts = sayParts(msg('cmp_fit_outcome_not_impressions', { column: '0' }), picker);
    expect(parts.filter((p) => p.data).map((p) => p.text)).toEqual(['0']);
  });

  it('a message without data params is one part of words', () => {
    expect(sayParts(msg('cmp_fit_needs_item_id'), picker)).toEqual([
      { text: sayEn(msg('cmp_fit_needs_item_id')), data: false },
    ]);
  });
});

describe('propensity messages in parts (default data names, nested messages as words)', () => {
  const prop = { nested: false };
  it('marks the column and the level as data and keeps the words of the message', () => {
    expect(sayParts(msg('prop_rule_is', { column: 'Contract', level: 'Month-to-month' }), prop)).toEqual([
      { text: 'Contract', data: true },
      { text: ' is ', data: false },
      { text: 'Month-to-month', data: true },
    ]);
  });

  it('numbers and figures are not data; a plain string (an old stored note) is one part', () => {
    const parts = sayParts(msg('prop_note_gbdt', { trees: 120 }), prop);
    expect(parts.every((p) => !p.data)).toBe(true);
    expect(parts.map((p) => p.text).join('')).toBe(
      'Gradient-boosted trees: 120 trees of up to 15 leaves, learning rate 0.05.',
    );
    expect(sayParts('an old English note', prop)).toEqual([{ text: 'an old English note', data: false }]);
    expect(sayParts(null, prop)).toEqual([]);
  });

  it('a data value that looks like a placeholder stays as written', () => {
    const parts = sayParts(msg('prop_rule_flag_yes', { column: '{rest} \uE0000\uE001' }), prop);
    expect(parts[0]).toEqual({ text: '{rest} \uE0000\uE001', data: true });
  });

  it('the empty-cells level is worded, not shown as the data word', () => {
    const c = levelCondition('Contract', MISSING_LEVEL, [], ['A', MISSING_LEVEL]);
    expect(c.params?.level).toEqual({ key: 'prop_rule_missing' });
    expect(sayEn(c)).toBe('Contract is missing');
    const parts = sayParts(c, prop);
    expect(parts.filter((p) => p.data).map((p) => p.text)).toEqual(['Contract']);
    expect(sayEn(booleanWording('has_churned').no)).toBe('has not churned');
  });
});

describe('the other callers’ options', () => {
  it('recommender: nested messages are split, each item name is data', () => {
    const x = msg('rec_reason_bought', { items: msg('rec_reason_two', { first: 'Tea', second: 'Cup' }) });
    expect(sayParts(x)).toEqual([
      { text: 'because you bought ', data: false },
      { text: 'Tea', data: true },
      { text: ' and ', data: false },
      { text: 'Cup', data: true },
    ]);
    // The propensity option words a nested message as one piece of the app's text.
    const flat = sayParts(x, { nested: false });
    expect(flat.every((p) => !p.data)).toBe(true);
    expect(text(flat)).toBe(sayEn(x));
  });

  it('a number in a data parameter: raw digits as data by default, locale-formatted words for the data page', () => {
    const x = msg('imp_ws_load', { name: 12345 });
    expect(sayParts(x, { data: ['name'] }).filter((p) => p.data)).toEqual([{ text: '12345', data: true }]);
    const page = sayParts(x, { data: ['name'], rawNumbers: false });
    expect(page.every((p) => !p.data)).toBe(true);
    expect(text(page)).toBe(sayEn(x));
  });

  it('segments: every string parameter and a bare string are data; numbers are ours', () => {
    const parts = sayParts(msg('clv_sum_dataset', { name: 'orders.csv' }), SEGMENT_WORDS);
    expect(parts.filter((p) => p.data)).toEqual([{ text: 'orders.csv', data: true }]);
    expect(sayParts('my segment', SEGMENT_WORDS)).toEqual([{ text: 'my segment', data: true }]);
    expect(sayParts(3, SEGMENT_WORDS)).toEqual([{ text: '3', data: false }]);
    expect(sayParts(msg('no_such_key_anywhere'), SEGMENT_WORDS)).toEqual([
      { text: 'no_such_key_anywhere', data: false },
    ]);
  });
});
