import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Layout } from '../components/layout';
import { Link } from '../components/link';
import { TimeChart } from '../components/time-chart';
import { day, milliseconds } from '../format';

interface Endpoint {
  name: string;
  provider_name: string;
  tag: string;
  context_length: number;
  pricing: { prompt: string; completion: string };
  quantization: string | null;
  uptime_last_30m: number | null;
  latency_last_30m: { p50: number } | null;
  throughput_last_30m: { p50: number } | null;
}

interface SeriesRow {
  bucket: string;
  endpoint: string;
  provider: string;
  requests: number;
  uptime: number;
  latency_p50: number;
  ttft_p50: number;
  throughput_p50: number;
}

/** One model: its endpoints with prices, and each endpoint's uptime, latency and throughput over the last days. */
export function ModelPage({ author, slug }: { author: string; slug: string }) {
  const [model, setModel] = useState<{ id: string; name: string; description: string; endpoints: Endpoint[] } | null>(null);
  const [series, setSeries] = useState<SeriesRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [range] = useState<[Date, Date]>(() => [new Date(Date.now() - 3 * 86_400_000), new Date()]);
  useEffect(() => {
    const to = new Date(Date.now() + 86_400_000);
    api<{ data: { id: string; name: string; description: string; endpoints: Endpoint[] } }>(`/api/v1/models/${author}/${slug}/endpoints`).then(
      (answer) => setModel(answer.data),
      (caught) => setError((caught as Error).message),
    );
    api<{ data: SeriesRow[] }>(`/api/v1/dashboard/models/${author}/${slug}/series?from=${day(new Date(to.getTime() - 3 * 86_400_000))}&to=${day(to)}`).then(
      (answer) => setSeries(answer.data),
      () => setSeries([]),
    );
  }, [author, slug]);
  const buckets = [...new Set(series.map((row) => row.bucket))].sort();
  const endpoints = [...new Set(series.map((row) => row.provider))];
  const line = (pick: (row: SeriesRow) => number) =>
    endpoints.map((provider) => ({ name: provider, values: buckets.map((bucket) => pick(series.find((row) => row.bucket === bucket && row.provider === provider) ?? ({} as SeriesRow)) ?? 0) }));
  return (
    <Layout title={model?.name ?? `${author}/${slug}`}>
      <p>
        <Link href="/models">All models</Link> · <code>{`${author}/${slug}`}</code>
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {model && <p class="description">{model.description}</p>}
      {model && (
        <table class="data">
          <caption>Endpoints</caption>
          <thead>
            <tr>
              <th scope="col">Provider</th>
              <th scope="col">Prompt $/1M</th>
              <th scope="col">Completion $/1M</th>
              <th scope="col">Context</th>
              <th scope="col">Quantization</th>
              <th scope="col">Uptime (30 min)</th>
              <th scope="col">Latency p50</th>
              <th scope="col">Throughput p50</th>
            </tr>
          </thead>
          <tbody>
            {model.endpoints.map((endpoint) => (
              <tr key={endpoint.tag}>
                <td>{endpoint.provider_name}</td>
                <td>${(Number(endpoint.pricing.prompt) * 1e6).toFixed(2)}</td>
                <td>${(Number(endpoint.pricing.completion) * 1e6).toFixed(2)}</td>
                <td>{endpoint.context_length.toLocaleString('en')}</td>
                <td>{endpoint.quantization ?? '—'}</td>
                <td>{endpoint.uptime_last_30m === null ? 'no traffic' : `${endpoint.uptime_last_30m.toFixed(1)}%`}</td>
                <td>{milliseconds(endpoint.latency_last_30m?.p50)}</td>
                <td>{endpoint.throughput_last_30m ? `${endpoint.throughput_last_30m.p50.toFixed(0)} tokens/s` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {buckets.length > 0 ? (
        <>
          <TimeChart title="Uptime by endpoint (share of requests answered)" range={range} x={buckets} series={line((row) => Number(row.uptime))} format={(value) => `${(value * 100).toFixed(0)}%`} />
          <TimeChart title="Median latency by endpoint" range={range} x={buckets} series={line((row) => Number(row.latency_p50))} format={(value) => milliseconds(value)} />
          <TimeChart title="Median throughput by endpoint" range={range} x={buckets} series={line((row) => Number(row.throughput_p50))} format={(value) => `${value.toFixed(0)} t/s`} />
        </>
      ) : (
        <p>No requests to this model in the last three days: the charts appear with traffic.</p>
      )}
    </Layout>
  );
}
