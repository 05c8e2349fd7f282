// Propensity messages as parts: data parameters (column names, levels, words of a column name) come apart so the
// view can mark them translate="no"; the rest is the message's own words; nested messages (missing) are words too.
import { describe, expect, it } from 'vitest';
import { sayParts } from '../../../src/ui/propensity/said.ts';
import { msg } from '../../../src/core/msg.ts';
import { sayEn } from '../../../src/cli/say.ts';
import { booleanWording, levelCondition, MISSING_LEVEL } from '../../../src/core/propensity/rule-wording.ts';

describe('propensity messages in parts', () => {
  it('marks the column and the level as data and keeps the words of the message', () => {
    expect(sayParts(msg('prop_rule_is', { column: 'Contract', level: 'Month-to-month' }))).toEqual([
      { text: 'Contract', data: true },
      { text: ' is ', data: false },
      { text: 'Month-to-month', data: true },
    ]);
  });

  it('numbers and figures are not data; a plain string (an old stored note) is one part', () => {
    const parts = sayParts(msg('prop_note_gbdt', { trees: 120 }));
    expect(parts.every((p) => !p.data)).toBe(true);
    expect(parts.map((p) => p.text).join('')).toBe(
      'Gradient-boosted trees: 120 trees of up to 15 leaves, learning rate 0.05.',
    );
    expect(sayParts('an old English note')).toEqual([{ text: 'an old English note', data: false }]);
    expect(sayParts(null)).toEqual([]);
  });

  it('a data value that looks like a placeholder stays as written', () => {
    const parts = sayParts(msg('prop_rule_flag_yes', { column: '{rest} \uE0000\uE001' }));
    expect(parts[0]).toEqual({ text: '{rest} \uE0000\uE001', data: true });
  });

  it('the empty-cells level is worded, not shown as the data word', () => {
    const c = levelCondition('Contract', MISSING_LEVEL, [], ['A', MISSING_LEVEL]);
    expect(c.params?.level).toEqual({ key: 'prop_rule_missing' });
    expect(sayEn(c)).toBe('Contract is missing');
    const parts = sayParts(c);
    expect(parts.filter((p) => p.data).map((p) => p.text)).toEqual(['Contract']);
    expect(sayEn(booleanWording('has_churned').no)).toBe('has not churned');
  });
});
