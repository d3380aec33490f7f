/**
 * L2-regularised logistic regression by Newton's method: small, exact and
 * deterministic, which is all a dozen features need (build time only).
 */

export interface Sample {
  features: ArrayLike<number>;
  label: number;
  weight?: number;
}

function solve(matrix: number[][], vector: number[]): number[] {
  // Gaussian elimination with partial pivoting on a copy.
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Weights w minimising the weighted log-loss + λ/2 |w|² (the bias, feature 0, unpenalised). */
export function fitLogistic(samples: readonly Sample[], dimensions: number, lambda = 1, iterations = 25): Float64Array {
  const w = new Float64Array(dimensions);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(dimensions).fill(0);
    const hessian = Array.from({ length: dimensions }, () => new Array<number>(dimensions).fill(0));
    for (const { features: x, label, weight = 1 } of samples) {
      let z = 0;
      for (let k = 0; k < dimensions; k++) z += w[k]! * x[k]!;
      const p = sigmoid(z);
      const g = (p - label) * weight;
      const h = Math.max(p * (1 - p), 1e-9) * weight;
      for (let a = 0; a < dimensions; a++) {
        const xa = x[a]!;
        if (xa === 0) continue;
        gradient[a]! += g * xa;
        const row = hessian[a]!;
        for (let b = a; b < dimensions; b++) row[b]! += h * xa * x[b]!;
      }
    }
    for (let a = 0; a < dimensions; a++) {
      for (let b = 0; b < a; b++) hessian[a]![b] = hessian[b]![a]!;
      if (a > 0) {
        gradient[a]! += lambda * w[a]!;
        hessian[a]![a]! += lambda;
      } else {
        hessian[a]![a]! += 1e-6;
      }
    }
    const step = solve(hessian, gradient);
    let change = 0;
    for (let k = 0; k < dimensions; k++) {
      w[k]! -= step[k]!;
      change = Math.max(change, Math.abs(step[k]!));
    }
    if (change < 1e-7) break;
  }
  return w;
}
