// iALS hyper-parameters and the per-row regularisation λ_r every row solver applies.

export interface ImplicitMFParams {
  factors: number;
  reg: number;
  alpha: number;
  iterations: number;
  /** Conjugate-gradient steps per row and half-iteration; 0 = exact Cholesky solves. */
  cgSteps: number;
  initStd: number;
  /** ν of the frequency-scaled regularisation λ·((n+1)/(n̄+1))^ν; 0 = the same λ for every row. */
  regExponent: number;
  seed: number;
}

/**
 * λ for a row with n interactions: λ·((n + 1)/(n̄ + 1))^ν. ν = 0 is plain Hu et al.; ν > 0 is the frequency-scaled
 * regularisation of Rendle et al. 2022 ("Revisiting the performance of iALS"), normalised by the mean count n̄ so λ
 * keeps its scale.
 */
export function rowReg(p: ImplicitMFParams, n: number, meanN: number): number {
  return p.regExponent === 0 ? p.reg : p.reg * ((n + 1) / (meanN + 1)) ** p.regExponent;
}
