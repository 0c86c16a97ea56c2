import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { TextInput } from '../components/field';
import { Layout } from '../components/layout';
import { Link } from '../components/link';
import { setQuery, useLocation } from '../router';

interface Headline {
  key: string;
  label: string;
  value: number | string | null;
  format: string;
  study?: string;
  interval?: { low: number; high: number };
  sample?: { classified: number; of: number };
  missing?: string;
  simulatorInput?: boolean;
}

interface Analysis {
  id: string;
  title: string;
  reference: string;
  definition: string;
  headlines: Headline[];
  tables: { name: string }[];
  sample?: { classifiedRequests: number; totalRequests: number };
  notes: string[];
}

function formatHeadline(headline: Headline): string {
  if (headline.value === null) return headline.missing ?? 'n/a';
  if (typeof headline.value === 'string') return headline.value;
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const value =
    headline.format === 'percent' ? percent(headline.value) : headline.format === 'usd' ? `$${headline.value.toFixed(3)}` : headline.value.toLocaleString('en', { maximumFractionDigits: 3 });
  const interval = headline.interval ? ` (95% CI ${percent(headline.interval.low)}–${percent(headline.interval.high)})` : '';
  const sample = headline.sample ? ` n = ${headline.sample.classified} of ${headline.sample.of}` : '';
  return `${value}${interval}${sample}`;
}

const periodQuery = (query: URLSearchParams) => {
  const period = new URLSearchParams();
  if (query.get('from')) period.set('from', query.get('from')!);
  if (query.get('to')) period.set('to', query.get('to')!);
  return period.toString();
};

/** The study's analyses A1–A17 over this log. */
export function Study() {
  const { query } = useLocation();
  const [index, setIndex] = useState<{ id: string; title: string; reference: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ data: { analyses: { id: string; title: string; reference: string }[] } }>('/api/v1/study/analyses').then(
      (answer) => setIndex(answer.data.analyses),
      (caught) =>
        setError(
          caught instanceof ApiError && caught.status === 403 ? 'The study covers the whole platform: sign in with a management key that sees every account to see it.' : (caught as Error).message,
        ),
    );
  }, []);
  const period = periodQuery(query);
  return (
    <Layout title="The Study">
      <p>
        "State of AI: a 100 trillion token study with OpenRouter", every analysis computed over this log — the same computations as <code>switchboard report</code>.
      </p>
      <form class="filters" aria-label="Period" onSubmit={(event) => event.preventDefault()}>
        <TextInput label="From" type="date" value={query.get('from') ?? ''} onChange={(value) => setQuery({ from: value })} />
        <TextInput label="To" type="date" value={query.get('to') ?? ''} onChange={(value) => setQuery({ to: value })} />
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul class="analyses">
        {index.map((analysis) => (
          <li key={analysis.id}>
            <Link href={`/study/${analysis.id}${period ? `?${period}` : ''}`}>
              {analysis.id} — {analysis.title}
            </Link>{' '}
            <span class="muted">(the study's {analysis.reference})</span>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** One analysis: its figures (drawn as the report draws them, values on hover), its headlines beside the study's, its tables as CSV. */
export function StudyAnalysis({ id }: { id: string }) {
  const { query } = useLocation();
  const period = periodQuery(query);
  const [result, setResult] = useState<{ data: Analysis; svg: string[]; meta: { from: string; to: string } } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setResult(null);
    api<{ data: Analysis; svg: string[]; meta: { from: string; to: string } }>(`/api/v1/study/analyses/${encodeURIComponent(id)}?render=svg${period ? `&${period}` : ''}`).then(
      (answer) => setResult(answer),
      (caught) => setError((caught as Error).message),
    );
  }, [id, period]);
  if (error)
    return (
      <Layout title={id}>
        <p class="error" role="alert">
          {error}
        </p>
      </Layout>
    );
  if (!result) return <Layout title={id}>Computing…</Layout>;
  const { data } = result;
  return (
    <Layout title={`${data.id} — ${data.title}`}>
      <p>
        <Link href={`/study${period ? `?${period}` : ''}`}>All analyses</Link> · the study's {data.reference} · {result.meta.from.slice(0, 10)} to {result.meta.to.slice(0, 10)}
      </p>
      <form class="filters" aria-label="Period" onSubmit={(event) => event.preventDefault()}>
        <TextInput label="From" type="date" value={query.get('from') ?? ''} onChange={(value) => setQuery({ from: value })} />
        <TextInput label="To" type="date" value={query.get('to') ?? ''} onChange={(value) => setQuery({ to: value })} />
      </form>
      <p class="definition">
        <strong>Definition used.</strong> {data.definition}
      </p>
      {data.sample && (
        <p>
          Sample: {data.sample.classifiedRequests.toLocaleString('en')} classified requests of {data.sample.totalRequests.toLocaleString('en')}.
        </p>
      )}
      {result.svg.map((svg, index) => (
        // The report's own SVG, built on the server from numbers (escaped text, no scripts).
        <div key={index} class="figure" data-figure={index} dangerouslySetInnerHTML={{ __html: svg }} />
      ))}
      <table class="data">
        <caption>This log beside the study</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">This log</th>
            <th scope="col">The study</th>
          </tr>
        </thead>
        <tbody>
          {data.headlines.map((headline) => (
            <tr key={headline.key}>
              <td>{headline.label}</td>
              <td>
                <strong>{formatHeadline(headline)}</strong>
              </td>
              <td>{headline.study ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.notes.length > 0 && (
        <ul class="notes">
          {data.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <p>
        Tables as CSV:{' '}
        {data.tables.map((table) => (
          <a key={table.name} href={`/api/v1/study/analyses/${data.id}?csv=${encodeURIComponent(table.name)}${period ? `&${period}` : ''}`} download>
            {table.name}.csv{' '}
          </a>
        ))}
      </p>
    </Layout>
  );
}
