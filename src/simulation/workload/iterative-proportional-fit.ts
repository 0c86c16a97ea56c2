/**
 * Iterative proportional fitting: scales a non-negative prior table until its row sums match
 * `rows` and its column sums match `columns` (both summing to the same total), keeping the prior's
 * interactions (odds ratios) as far as the margins allow.
 */
export function iterativeProportionalFit(prior: number[][], rows: readonly number[], columns: readonly number[], iterations = 40): number[][] {
  const table = prior.map((row) => [...row]);
  const columnCount = columns.length;
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (let row = 0; row < table.length; row++) {
      const sum = table[row]!.reduce((total, value) => total + value, 0);
      if (sum > 0) for (let column = 0; column < columnCount; column++) table[row]![column]! *= rows[row]! / sum;
    }
    for (let column = 0; column < columnCount; column++) {
      let sum = 0;
      for (const row of table) sum += row[column]!;
      if (sum > 0) for (const row of table) row[column]! *= columns[column]! / sum;
    }
  }
  return table;
}
