import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { Select, TextInput } from '../components/field';
import { Layout } from '../components/layout';
import { Link } from '../components/link';
import { TimeChart } from '../components/time-chart';
import { count, milliseconds, time, usdFromNano } from '../format';
import { setQuery, useLocation } from '../router';

export interface GenerationRow {
  id: string;
  created_at: string;
  model: string;
  provider_name: string | null;
  account_id: string;
  key_name: string;
  key_hash: string;
  app_name: string | null;
  status: number;
  error_code: string | null;
  finish_reason: string | null;
  streamed: boolean;
  tokens_prompt: number;
  tokens_completion: number;
  total_cost_nano: number;
  latency: number;
  time_to_first_token: number | null;
  category: string | null;
  prompt_language: string | null;
}

/** The window the log shows: the filters' dates, else the last seven days (as the API defaults). */
function shownWindow(query: URLSearchParams): [Date, Date] {
  const to = query.get('to') ? new Date(`${query.get('to')}T00:00:00Z`) : new Date(Date.now() + 60_000);
  const from = query.get('from') ? new Date(`${query.get('from')}T00:00:00Z`) : new Date(to.getTime() - 7 * 86_400_000);
  return [from, to];
}

const filterNames = ['model', 'provider', 'key', 'app', 'status', 'finish_reason', 'streamed', 'id', 'from', 'to'] as const;

/** The generation explorer: filters in the URL, a histogram, newest first, paged by cursor, refreshed every few seconds. */
export function Logs() {
  const { query } = useLocation();
  const filters = new URLSearchParams();
  for (const name of filterNames) if (query.get(name)) filters.set(name, query.get(name)!);
  const filterText = filters.toString();
  const [rows, setRows] = useState<GenerationRow[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [histogram, setHistogram] = useState<{ bucket: string; requests: number; errors: number }[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Once older pages are loaded, a refresh only adds the newest rows on top.
  const loadedMore = useRef(false);
  useEffect(() => {
    let stopped = false;
    loadedMore.current = false;
    const load = async () => {
      try {
        const [page, bars] = await Promise.all([
          api<{ data: GenerationRow[]; next: string | null }>(`/api/v1/dashboard/generations?limit=50&${filterText}`),
          api<{ data: { bucket: string; requests: number; errors: number }[] }>(`/api/v1/dashboard/generations/histogram?${filterText}`),
        ]);
        if (stopped) return;
        if (loadedMore.current) {
          setRows((current) => [...page.data, ...current.filter((row) => !page.data.some((fresh) => fresh.id === row.id))]);
        } else {
          setRows(page.data);
          setNext(page.next);
        }
        setHistogram(bars.data);
        setError(null);
      } catch (caught) {
        if (!stopped) setError((caught as Error).message);
      }
    };
    void load();
    const timer = setInterval(load, 3_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [filterText]);
  const more = async () => {
    if (!next) return;
    const page = await api<{ data: GenerationRow[]; next: string | null }>(`/api/v1/dashboard/generations?limit=50&${filterText}&before=${encodeURIComponent(next)}`);
    loadedMore.current = true;
    setRows((current) => [...current, ...page.data]);
    setNext(page.next);
  };
  const filter = (name: string) => (value: string) => setQuery({ [name]: value });
  return (
    <Layout title="Logs">
      <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
        <TextInput label="Model" value={query.get('model') ?? ''} onChange={filter('model')} placeholder="openai/gpt-4o-mini" />
        <TextInput label="Provider" value={query.get('provider') ?? ''} onChange={filter('provider')} />
        <TextInput label="Key (hash)" value={query.get('key') ?? ''} onChange={filter('key')} />
        <TextInput label="App" value={query.get('app') ?? ''} onChange={filter('app')} />
        <Select
          label="Status"
          value={query.get('status') ?? ''}
          onChange={filter('status')}
          options={[
            ['', 'any'],
            ['ok', 'succeeded'],
            ['error', 'failed'],
          ]}
        />
        <Select
          label="Streamed"
          value={query.get('streamed') ?? ''}
          onChange={filter('streamed')}
          options={[
            ['', 'any'],
            ['true', 'streamed'],
            ['false', 'whole'],
          ]}
        />
        <TextInput label="Finish reason" value={query.get('finish_reason') ?? ''} onChange={filter('finish_reason')} />
        <TextInput label="Generation id" value={query.get('id') ?? ''} onChange={filter('id')} />
        <TextInput label="From" type="date" value={query.get('from') ?? ''} onChange={filter('from')} />
        <TextInput label="To" type="date" value={query.get('to') ?? ''} onChange={filter('to')} />
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {histogram.length > 0 && (
        <TimeChart
          title="Requests"
          x={histogram.map((bar) => bar.bucket)}
          series={[
            { name: 'requests', values: histogram.map((bar) => Number(bar.requests)) },
            { name: 'errors', values: histogram.map((bar) => Number(bar.errors)) },
          ]}
          format={(value) => count(value)}
          bars
          range={shownWindow(query)}
        />
      )}
      <table class="data">
        <caption>Generations, newest first (refreshed every 3 seconds)</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Model</th>
            <th scope="col">Provider</th>
            <th scope="col">Key</th>
            <th scope="col">App</th>
            <th scope="col">Tokens</th>
            <th scope="col">Cost</th>
            <th scope="col">Latency</th>
            <th scope="col">Finish</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-generation-id={row.id} data-cost-nano={String(row.total_cost_nano)}>
              <td>
                <Link href={`/logs/${encodeURIComponent(row.id)}`}>{time(row.created_at)}</Link>
              </td>
              <td>{row.model}</td>
              <td>{row.provider_name ?? '—'}</td>
              <td>{row.key_name}</td>
              <td>{row.app_name ?? '—'}</td>
              <td>
                {count(Number(row.tokens_prompt))} → {count(Number(row.tokens_completion))}
              </td>
              <td class="cost">{usdFromNano(Number(row.total_cost_nano))}</td>
              <td>{milliseconds(Number(row.latency))}</td>
              <td>{row.error_code ?? row.finish_reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !error && <p>No generations in this window yet. Send a request, and it appears here within seconds.</p>}
      {next && (
        <button type="button" onClick={more}>
          Older generations
        </button>
      )}
    </Layout>
  );
}
