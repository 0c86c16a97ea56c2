export interface LinearFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination. */
  rSquared: number;
  /** Standard error of the slope. */
  slopeStandardError: number;
  count: number;
}

/** Ordinary least squares of y on x. */
export function ordinaryLeastSquares(xs: readonly number[], ys: readonly number[]): LinearFit {
  const count = xs.length;
  if (count !== ys.length || count < 2) throw new Error('ordinary least squares needs two or more (x, y) pairs');
  const meanX = xs.reduce((sum, x) => sum + x, 0) / count;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / count;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let index = 0; index < count; index++) {
    const dx = xs[index]! - meanX;
    const dy = ys[index]! - meanY;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) throw new Error('ordinary least squares needs x values that differ');
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residual = syy - slope * sxy;
  return {
    slope,
    intercept,
    rSquared: syy === 0 ? 1 : 1 - residual / syy,
    slopeStandardError: count > 2 ? Math.sqrt(Math.max(0, residual) / (count - 2) / sxx) : Number.NaN,
    count,
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
