/**
 * Least squares with non-negative coefficients (each operator costs something or nothing),
 * weighted so that relative error counts, as the accuracy targets are percentages. Lawson-Hanson
 * in its simplest form: solve on the free set, drop the most negative coefficient, repeat.
 * `absolute: true` minimizes the mean absolute (relative) error instead of the squared one, by
 * iteratively reweighted least squares: the figure reported is a MAPE, which a few modules far
 * off dominate under a squared loss.
 */
export function fitNonNegative(rows: number[][], targets: number[], options: { relative?: boolean; ridge?: number; absolute?: boolean } = {}): number[] {
  const base = targets.map((y) => (options.relative ? 1 / Math.max(Math.abs(y), 1e-9) : 1));
  let coef = nonNegative(rows, targets, base, options.ridge ?? 1e-6);
  if (!options.absolute) return coef;
  for (let round = 0; round < ABSOLUTE_ROUNDS; round++) {
    // |r| = r^2 / |r|: weight each row by 1/sqrt(|r|) (floored, so a row fitted exactly does not take over).
    const weights = rows.map((row, r) => {
      const residual = Math.abs(row.reduce((sum, x, i) => sum + x * coef[i], 0) - targets[r]) * base[r];
      return base[r] / Math.sqrt(Math.max(residual, ABSOLUTE_FLOOR));
    });
    coef = nonNegative(rows, targets, weights, options.ridge ?? 1e-6);
  }
  return coef;
}

const ABSOLUTE_ROUNDS = 30;
const ABSOLUTE_FLOOR = 0.02;

function nonNegative(rows: number[][], targets: number[], weights: number[], ridge: number): number[] {
  const n = rows[0]?.length ?? 0;
  const active = new Set<number>(Array.from({ length: n }, (_, i) => i));
  for (let round = 0; round <= n; round++) {
    const columns = [...active];
    const solution = solve(rows, targets, weights, columns, ridge);
    const coef = new Array<number>(n).fill(0);
    columns.forEach((c, i) => (coef[c] = solution[i]));
    const negative = columns.filter((c) => coef[c] < 0).sort((a, b) => coef[a] - coef[b]);
    if (negative.length === 0) return coef;
    active.delete(negative[0]);
  }
  return new Array<number>(n).fill(0);
}

/** Weighted normal equations on some columns, solved by Gaussian elimination with pivoting. */
function solve(rows: number[][], targets: number[], weights: number[], columns: number[], ridge: number): number[] {
  const k = columns.length;
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  rows.forEach((row, r) => {
    const w = weights[r] * weights[r];
    for (let i = 0; i < k; i++) {
      const xi = row[columns[i]];
      if (xi === 0) continue;
      for (let j = 0; j < k; j++) a[i][j] += w * xi * row[columns[j]];
      a[i][k] += w * xi * targets[r];
    }
  });
  // A small ridge keeps columns that never occur (all zero) from making the system singular.
  for (let i = 0; i < k; i++) a[i][i] += ridge * (1 + a[i][i]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    if (Math.abs(a[col][col]) < 1e-15) continue;
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r][col] / a[col][col];
      if (f === 0) continue;
      for (let c = col; c <= k; c++) a[r][c] -= f * a[col][c];
    }
  }
  return a.map((row, i) => (Math.abs(row[i]) < 1e-15 ? 0 : row[k] / row[i]));
}

/** Mean absolute percentage error, in percent. */
export function mape(predicted: number[], actual: number[]): number {
  const pairs = actual.map((y, i) => [predicted[i], y]).filter(([, y]) => y !== 0);
  if (pairs.length === 0) return 0;
  return (100 * pairs.reduce((sum, [p, y]) => sum + Math.abs(p - y) / Math.abs(y), 0)) / pairs.length;
}
