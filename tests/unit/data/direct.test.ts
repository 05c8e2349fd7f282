// High-cardinality numeric/date columns switch to direct parsing while streaming (no string per row), with the
// same typed result as the dictionary path; ids, codes and phone numbers never switch.
import { describe, expect, it } from 'vitest';
import { silentContext } from '../../../src/core/jobs.ts';
import { streamCsv, DEFAULT_LIMITS } from '../../../src/core/data/csv-stream.ts';
import { utf8Decoder } from '../../../src/core/data/decode.ts';
import { textSource } from '../../../src/core/data/sources.ts';
import { DirectColumn } from '../../../src/core/data/direct-column.ts';
import { RawColumn } from '../../../src/core/data/raw-column.ts';
import { cellText, getColumn } from '../../../src/core/data/table.ts';
import { col, finding, fromText } from './helpers.ts';

const N = 150_000;
function bigCsv(strayAt = -1): string {
  const lines = ['order_id,amount,created_at,channel,event_ts'];
  for (let i = 0; i < N; i++) {
    const amount = i === strayAt ? 'refund' : (i * 0.37 + 0.01).toFixed(2);
    const t = new Date(Date.UTC(2023, 0, 1) + i * 1000).toISOString().replace('T', ' ').slice(0, 19);
    lines.push(`${100000 + i},${amount},${t},${['web', 'app', 'store'][i % 3]},${1672531200 + i * 7}`);
  }
  return lines.join('\n') + '\n';
}

describe('direct columns', () => {
  it('streams unique amounts and timestamps as numbers, keeps ids and categories as dictionaries', async () => {
    const res = await streamCsv(textSource(bigCsv()), utf8Decoder(), silentContext(), { limits: DEFAULT_LIMITS });
    const kinds = Object.fromEntries(
      res.names.map((n, i) => [
        n,
        res.columns[i] instanceof DirectColumn ? 'direct' : res.columns[i] instanceof RawColumn ? 'dict' : '?',
      ]),
    );
    expect(kinds).toEqual({
      order_id: 'dict',
      amount: 'direct',
      created_at: 'direct',
      channel: 'dict',
      event_ts: 'direct',
    });
  });

  it('gives the exact typed values and summaries', async () => {
    const r = await fromText(bigCsv());
    expect(r.table.rowCount).toBe(N);
    expect(col(r, 'amount').type).toBe('decimal');
    expect(col(r, 'amount').distinct).toBe(N);
    const amount = getColumn(r.table, 'amount');
    expect(amount.kind === 'numeric' && amount.values[12345]).toBe(+(12345 * 0.37 + 0.01).toFixed(2));
    expect(col(r, 'created_at').type).toBe('date');
    expect(cellText(getColumn(r.table, 'created_at'), 86400)).toBe('2023-01-02T00:00:00.000Z');
    expect(col(r, 'event_ts').type).toBe('date'); // unix seconds under a time-like name
    expect(cellText(getColumn(r.table, 'event_ts'), 0)).toBe('2023-01-01T00:00:00.000Z');
    expect(col(r, 'order_id').type).toBe('id');
    expect(r.roles.created_at).toBe('timestamp');
    expect(finding(r, 'duplicates')).toBeUndefined();
  });

  it('a stray word after the switch is reported with its row and value', async () => {
    const r = await fromText(bigCsv(140_000));
    const f = finding(r, 'mixed-types', 'amount')!;
    expect(f.count).toBe(1);
    expect(f.rows).toEqual([140_001]);
    expect(f.message).toContain('`refund`');
    expect(col(r, 'amount').missing).toBe(1);
  });
});
