// The shared number formatter: no NaN, Infinity, 21-digit or long-decimal text ever reaches a reader.
import { describe, expect, it } from 'vitest';
import { DASH, fmt, fmtInt, fmtPct, whyDash } from '../../../src/core/format.ts';

describe('fmt', () => {
  it('renders missing and non-finite values as a dash, with the reason available', () => {
    for (const v of [NaN, Infinity, -Infinity, null, undefined]) {
      expect(fmt(v)).toBe(DASH);
      expect(fmtPct(v)).toBe(DASH);
      expect(fmtInt(v)).toBe(DASH);
    }
    expect(whyDash(NaN)).toMatch(/not a number/);
    expect(whyDash(Infinity)).toMatch(/infinite/);
    expect(whyDash(undefined)).toBe('no value');
    expect(whyDash(3)).toBeNull();
  });

  it('never prints an absurd magnitude digit by digit, nor a long tail of decimals', () => {
    expect(fmt(1.234e21)).toBe('1.23e21');
    expect(fmt(-4.5e13)).toBe('-4.50e13');
    expect(fmtInt(9.9e20)).toBe('9.90e20');
    expect(fmt(123456.789)).toBe('123,457');
    expect(fmt(3.14159265)).toBe('3.14');
    expect(fmt(0.000123456)).toBe('0.000123');
    expect(fmt(1e-9)).toBe('1.0e-9');
    expect(fmt(0)).toBe('0');
    for (const v of [1.234e21, 123456.789, 3.14159265, 0.000123456, 1e-9])
      expect(fmt(v).replace(/\D/g, '').length).toBeLessThanOrEqual(7);
  });

  it('fixed decimals on request, without a negative zero; shares as percentages', () => {
    expect(fmt(0.51234, 3)).toBe('0.512');
    expect(fmt(-0.0001, 3)).toBe('0.000');
    expect(fmt(1234.5, 1)).toBe('1,234.5');
    expect(fmtPct(0.4123)).toBe('41.2 %');
    expect(fmtPct(0.5, 0)).toBe('50 %');
  });
});
