import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Kpi } from '../components/kpi';
import { Layout } from '../components/layout';
import { milliseconds } from '../format';

interface Live {
  window_seconds: number;
  requests: number;
  requests_per_second: number;
  error_rate: number | null;
  latency_ms: { p50: number | null; p95: number | null; p99: number | null };
  time_to_first_token_p50_ms: number | null;
  endpoints: { endpoint: string; provider: string; model: string; circuit_open: boolean; cooling_ms: number; uptime_5m: number | null; latency: { p50: number } | null }[];
}

/** The last five minutes, refreshed every five seconds: traffic, latency, errors and each endpoint's health. */
export function LivePage() {
  const [live, setLive] = useState<Live | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () =>
      api<{ data: Live }>('/api/v1/dashboard/live').then(
        (answer) => {
          setLive(answer.data);
          setError(null);
        },
        (caught) => setError((caught as Error).message),
      );
    void load();
    const timer = setInterval(load, 5_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Layout title="Live">
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {live && (
        <>
          <section class="kpis" aria-label="Last five minutes">
            <Kpi label="Requests per second" value={live.requests_per_second.toFixed(2)} hint={`${live.requests} in ${live.window_seconds / 60} minutes`} />
            <Kpi label="Error rate" value={live.error_rate === null ? '—' : `${(live.error_rate * 100).toFixed(1)}%`} />
            <Kpi label="Latency p50 / p95 / p99" value={`${milliseconds(live.latency_ms.p50)} / ${milliseconds(live.latency_ms.p95)} / ${milliseconds(live.latency_ms.p99)}`} />
            <Kpi label="Time to first token p50" value={milliseconds(live.time_to_first_token_p50_ms)} />
          </section>
          <table class="data">
            <caption>Endpoint health</caption>
            <thead>
              <tr>
                <th scope="col">Endpoint</th>
                <th scope="col">Provider</th>
                <th scope="col">Circuit</th>
                <th scope="col">Cooling (Retry-After)</th>
                <th scope="col">Uptime (5 min)</th>
                <th scope="col">Latency p50</th>
              </tr>
            </thead>
            <tbody>
              {live.endpoints.map((endpoint) => (
                <tr key={endpoint.endpoint}>
                  <td>{endpoint.model}</td>
                  <td>{endpoint.provider}</td>
                  <td>{endpoint.circuit_open ? <span class="badge bad">open</span> : 'closed'}</td>
                  <td>{endpoint.cooling_ms > 0 ? milliseconds(endpoint.cooling_ms) : '—'}</td>
                  <td>{endpoint.uptime_5m === null ? 'no traffic' : `${endpoint.uptime_5m.toFixed(1)}%`}</td>
                  <td>{milliseconds(endpoint.latency?.p50)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Layout>
  );
}
