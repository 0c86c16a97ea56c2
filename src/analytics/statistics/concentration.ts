/** Herfindahl–Hirschman index of shares that sum to 1 (1 = monopoly, 1/n = n equal shares). */
export function herfindahlHirschmanIndex(shares: readonly number[]): number {
  return shares.reduce((sum, share) => sum + share * share, 0);
}

/** How many of the largest shares it takes to reach `threshold` of the total. */
export function countToReach(shares: readonly number[], threshold: number): number {
  const sorted = [...shares].sort((a, b) => b - a);
  let total = 0;
  for (let index = 0; index < sorted.length; index++) {
    total += sorted[index]!;
    if (total >= threshold - 1e-12) return index + 1;
  }
  return sorted.length;
}
