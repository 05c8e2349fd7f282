// targetVector: `--positive` matches the file's own label (Yes, MM, TRUE, y, 1) and reports it as written.
import { describe, expect, it } from 'vitest';
import { JobError } from '../../../src/core/jobs.ts';
import { tableFromRecords, type Column } from '../../../src/core/data/table.ts';
import { targetVector } from '../../../src/core/propensity/target.ts';
import { fromText } from '../data/helpers.ts';

async function ingested(values: string[], name = 'Churn'): Promise<Column> {
  const rows = values.map((v, i) => `${i},${v}`).join('\n');
  const r = await fromText(`row,${name}\n${rows}\n`);
  const c = r.table.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

function recordsColumn(values: (string | number)[], type: 'categorical' | 'integer' | 'boolean'): Column {
  return tableFromRecords(
    values.map((v) => ({ t: v })),
    { t: type },
  ).columns[0]!;
}

function errorOf(f: () => unknown): JobError {
  try {
    f();
  } catch (e) {
    if (e instanceof JobError) return e;
    throw e;
  }
  throw new Error('expected a JobError');
}

const YES_NO = ['Yes', 'No', 'No', 'Yes', 'No', 'No', 'Yes', 'No'];
const ys = (v: Float32Array) => Array.from(v);

describe('targetVector on ingested files', () => {
  it('Yes/No (stored as a 0/1 boolean): --positive Yes, yes, YES all work and report "Yes"', async () => {
    const col = await ingested(YES_NO);
    expect(col.kind === 'numeric' && col.type).toBe('boolean');
    for (const asked of ['Yes', 'yes', 'YES', ' yes ']) {
      const t = targetVector(col, asked);
      expect(t.positive).toBe('Yes');
      expect(ys(t.y)).toEqual(YES_NO.map((v) => (v === 'Yes' ? 1 : 0)));
    }
    expect(targetVector(col).positive).toBe('Yes');
    const no = targetVector(col, 'no');
    expect(no.positive).toBe('No');
    expect(ys(no.y)).toEqual(YES_NO.map((v) => (v === 'No' ? 1 : 0)));
  });

  it('TRUE/false and y/n booleans: the file spelling, asked in any case or by meaning', async () => {
    const tf = await ingested(['TRUE', 'false', 'false', 'TRUE', 'false']);
    expect(targetVector(tf, 'true').positive).toBe('TRUE');
    expect(targetVector(tf, 'FALSE').positive).toBe('false');
    expect(targetVector(tf, 'yes').positive).toBe('TRUE');
    const yn = await ingested(['y', 'n', 'n', 'y', 'n']);
    const t = targetVector(yn, 'Y');
    expect(t.positive).toBe('y');
    expect(ys(t.y)).toEqual([1, 0, 0, 1, 0]);
    expect(targetVector(yn, 'yes').positive).toBe('y');
    expect(targetVector(yn, '1').positive).toBe('y');
  });

  it('1/0 columns: "1" as written; "yes" means 1 on a boolean column', async () => {
    const col = await ingested(['1', '0', '0', '1', '0', '0']);
    expect(targetVector(col, '1').positive).toBe('1');
    expect(ys(targetVector(col, '0').y)).toEqual([0, 1, 1, 0, 1, 1]);
    expect(targetVector(col, 'yes').positive).toBe('1');
    expect(targetVector(col).positive).toBe('1');
  });

  it('two-label categorical (MM/CH): --positive mm matches MM; missing cells stay NaN', async () => {
    const col = await ingested(['MM', 'CH', 'CH', '', 'MM', 'CH'], 'Purchase');
    expect(col.kind).toBe('categorical');
    const t = targetVector(col, 'mm');
    expect(t.positive).toBe('MM');
    expect(ys(t.y)).toEqual([1, 0, 0, NaN, 1, 0]);
    expect(targetVector(col, 'CH').positive).toBe('CH');
  });

  it('an unknown label is a JobError that lists the column values', async () => {
    const col = await ingested(YES_NO);
    const e = errorOf(() => targetVector(col, 'Maybe'));
    expect(e.code).toBe('bad-option');
    expect(e.message).toMatch(/`Churn` has no value "Maybe"; its values are "Yes", "No"/);
    expect(e.details).toMatchObject({ column: 'Churn', positive: 'Maybe', values: ['Yes', 'No'] });
    const mm = await ingested(['MM', 'CH', 'CH'], 'Purchase');
    expect(errorOf(() => targetVector(mm, 'yes')).message).toMatch(/its values are "MM", "CH"/);
  });

  it('a test file holding only one of the two values still encodes against the asked label', async () => {
    const allNo = await ingested(['No', 'No', 'No']);
    const t = targetVector(allNo, 'Yes');
    expect(ys(t.y)).toEqual([0, 0, 0]);
    const allMm = await ingested(['MM', 'MM'], 'Purchase');
    expect(ys(targetVector(allMm, 'mm').y)).toEqual([1, 1]);
  });
});

describe('targetVector on tableFromRecords tables', () => {
  it('categorical Yes/No, Y/N and TRUE/FALSE text', () => {
    expect(targetVector(recordsColumn(['Yes', 'No', 'No'], 'categorical'), 'yes').positive).toBe('Yes');
    const yn = targetVector(recordsColumn(['y', 'n', 'y'], 'categorical'), 'Y');
    expect(yn.positive).toBe('y');
    expect(ys(yn.y)).toEqual([1, 0, 1]);
    expect(targetVector(recordsColumn(['TRUE', 'FALSE'], 'categorical'), 'true').positive).toBe('TRUE');
  });

  it('numeric 0/1 and boolean columns without words', () => {
    const num = recordsColumn([1, 0, 0, 1], 'integer');
    expect(targetVector(num, '1').positive).toBe('1');
    expect(() => targetVector(num, 'yes')).toThrow(/its values are "1", "0"/);
    const bool = recordsColumn([1, 0, 0], 'boolean');
    expect(targetVector(bool, 'true').positive).toBe('1');
    expect(ys(targetVector(bool, 'no').y)).toEqual([0, 1, 1]);
  });

  it('infers the positive class when none is asked, and rejects non-binary targets', () => {
    expect(targetVector(recordsColumn(['Churned', 'Stayed', 'Stayed'], 'categorical')).positive).toBe('Churned');
    expect(targetVector(recordsColumn(['MM', 'CH', 'CH', 'CH'], 'categorical')).positive).toBe('MM');
    expect(errorOf(() => targetVector(recordsColumn(['a', 'b', 'c'], 'categorical'))).code).toBe('target-not-binary');
  });
});
