// PII detection and keyed-hash pseudonymisation: deterministic per key, different across keys, opt-out per column.
import { describe, expect, it } from 'vitest';
import { detectPii, hmacHasher } from '../../../src/core/data/pii.ts';
import { getColumn } from '../../../src/core/data/table.ts';
import { col, fromText } from './helpers.ts';

const CSV =
  'customer_email,mobile,contact_name,spend\nann@example.com,07700 900123,Ann Smith,5\nbob@example.org,07700 900456,Bob Jones,7\nann@example.com,07700 900123,Ann Smith,9\n';

describe('PII', () => {
  it('HMAC-SHA-256: same key → same hash; different key → different hash', async () => {
    const a1 = await hmacHasher('workspace-secret-1');
    const a2 = await hmacHasher('workspace-secret-1');
    const b = await hmacHasher('workspace-secret-2');
    expect(await a1('ann@example.com')).toBe(await a2('ann@example.com'));
    expect(await a1('ann@example.com')).not.toBe(await b('ann@example.com'));
    expect(await a1('ann@example.com')).not.toBe(await a1('bob@example.org'));
    // Known answer: Python hmac.new(b'k', b'ann@example.com', sha256).hexdigest()[:32]; values are trimmed +
    // lower-cased first.
    const k = await hmacHasher('k');
    expect(await k('ann@example.com')).toBe('h_812b5e65283998e47b49528ef531aea6');
    expect(await k(' Ann@Example.com ')).toBe('h_812b5e65283998e47b49528ef531aea6');
    expect(await k('ann@example.com')).toBe(await (await hmacHasher(new TextEncoder().encode('k')))('ann@example.com'));
  });

  it('detects e-mail, phone and person names; leaves product names and ids alone', () => {
    expect(detectPii('email', ['a@b.co', 'x.y@z.org'])).toBe('email');
    expect(detectPii('tel', ['+44 20 7946 0958', '(555) 123-4567'])).toBe('phone');
    expect(detectPii('customer_name', ['Ann Smith', 'Bob Jones', 'José Álvarez'])).toBe('name');
    expect(detectPii('姓名', ['张伟', '王芳'])).toBe('name');
    expect(detectPii('Description', ['WHITE HANGING HEART T-LIGHT HOLDER', 'Red Mug'])).toBeNull();
    expect(detectPii('CustomerID', ['17850', '13047'])).toBeNull();
    expect(detectPii('StockCode', ['85123A', '71053'])).toBeNull();
  });

  it('pseudonymises at import with the same hashes across imports with one key, and joins survive', async () => {
    const r1 = await fromText(CSV, { pii: { key: 'k1' } });
    const r2 = await fromText(CSV, { pii: { key: 'k1' } });
    const r3 = await fromText(CSV, { pii: { key: 'k2' } });
    const dict = (r: Awaited<ReturnType<typeof fromText>>, name: string) => {
      const c = getColumn(r.table, name);
      return c.kind === 'categorical' ? c.dictionary : [];
    };
    expect(dict(r1, 'customer_email')).toEqual(dict(r2, 'customer_email'));
    expect(dict(r1, 'customer_email')[0]).not.toBe(dict(r3, 'customer_email')[0]);
    expect(dict(r1, 'customer_email')).toHaveLength(2);
    const email = getColumn(r1.table, 'customer_email');
    expect(email.kind === 'categorical' && email.codes[0] === email.codes[2]).toBe(true);
    expect(col(r1, 'mobile').pii).toBe('phone');
    expect(col(r1, 'contact_name').pii).toBe('name');
    expect(JSON.stringify(r1.columns)).not.toMatch(/ann@example|Ann Smith|07700/);
  });

  it('a custom async hash function is used when given', async () => {
    const r = await fromText(CSV, { pii: { hash: async (v) => `H(${v.length})` } });
    expect(col(r, 'customer_email').top![0]!.value).toBe('H(15)');
  });

  it('opt-out per column keeps that column in clear text and says so', async () => {
    const r = await fromText(CSV, { pii: { key: 'k1', optOut: ['contact_name'] } });
    expect(col(r, 'contact_name').pseudonymised).toBe(false);
    expect(col(r, 'contact_name').top![0]!.value).toBe('Ann Smith');
    expect(col(r, 'customer_email').pseudonymised).toBe(true);
    expect(r.quality.find((q) => q.code === 'pii' && q.column === 'contact_name')!.message).toContain('opted out');
  });
});
