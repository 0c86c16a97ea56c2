/**
 * Confidence interval of a token-weighted share estimated from a uniform random sample of requests
 * (the classified prompts). The share is a ratio estimator p = Σ w·y / Σ w over the n sampled
 * requests (w = the request's tokens, y = 1 when it is in the category); its variance is
 * n/(n−1) · Σ w²·(y − p)² / (Σ w)², so with W1 = Σ w, W2 = Σ w² over all sampled requests and
 * W1k, W2k the same sums over the category's requests:
 *   Σ w²·(y − p)² = W2k·(1 − p)² + (W2 − W2k)·p².
 */
export interface ShareInterval {
  share: number;
  low: number;
  high: number;
}

export function weightedShareInterval(input: { n: number; w1: number; w2: number; w1k: number; w2k: number }, z = 1.96): ShareInterval {
  const { n, w1, w2, w1k, w2k } = input;
  if (n === 0 || w1 === 0) return { share: 0, low: 0, high: 0 };
  const share = w1k / w1;
  if (n < 2) return { share, low: 0, high: 1 };
  const spread = w2k * (1 - share) ** 2 + (w2 - w2k) * share ** 2;
  const standardError = Math.sqrt(((n / (n - 1)) * spread) / (w1 * w1));
  return { share, low: Math.max(0, share - z * standardError), high: Math.min(1, share + z * standardError) };
}
