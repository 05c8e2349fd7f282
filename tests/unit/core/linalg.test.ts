// Shared SPD linear algebra: solves and inverse against known answers; jitter rescues a singular matrix.
import { describe, expect, it } from 'vitest';
import { choleskyInverse, choleskyJittered, solveSPD, solveSPDJittered } from '../../../src/core/linalg/spd.ts';

describe('linalg', () => {
  const A = new Float64Array([4, 2, 0, 2, 5, 1, 0, 1, 3]);

  it('solves an SPD system exactly and leaves A untouched', () => {
    const x = solveSPD(A, 3, [2, 10, 5]);
    // A · [0, 2, 1] = [4, 11, 5]; check the residual instead of a hand solution
    const b = [2, 10, 5];
    for (let i = 0; i < 3; i++)
      expect(A[i * 3]! * x[0]! + A[i * 3 + 1]! * x[1]! + A[i * 3 + 2]! * x[2]!).toBeCloseTo(b[i]!, 12);
    expect(Array.from(A)).toEqual([4, 2, 0, 2, 5, 1, 0, 1, 3]);
  });

  it('inverts through the factor: A · A⁻¹ = I', () => {
    const inv = choleskyInverse(choleskyJittered(A, 3), 3);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += A[i * 3 + k]! * inv[k * 3 + j]!;
        expect(s).toBeCloseTo(i === j ? 1 : 0, 10);
      }
  });

  it('throws on a singular matrix, while the jittered solve returns a finite answer', () => {
    const S = new Float64Array([1, 1, 1, 1]);
    expect(() => solveSPD(S, 2, [1, 1])).toThrow(/not positive definite/);
    const x = solveSPDJittered(S, 2, [1, 1]);
    expect(Number.isFinite(x[0]!) && Number.isFinite(x[1]!)).toBe(true);
    expect(x[0]! + x[1]!).toBeCloseTo(1, 3);
  });
});
