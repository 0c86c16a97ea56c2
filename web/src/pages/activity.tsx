import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Field, Select, TextInput } from '../components/field';
import { Kpi } from '../components/kpi';
import { Layout } from '../components/layout';
import { TimeChart } from '../components/time-chart';
import { count, day, usdFromNano } from '../format';
import { setQuery, useLocation } from '../router';

interface ActivityData {
  buckets: string[];
  groups: { name: string; spend_nano: number[]; requests: number[]; tokens: number[] }[];
  totals: { spend_nano: number; requests: number; tokens: number };
}

const metrics = { spend: 'Spend', requests: 'Requests', tokens: 'Tokens' } as const;
type Metric = keyof typeof metrics;

function cumulative(values: number[]): number[] {
  let sum = 0;
  return values.map((value) => (sum += value));
}

/** Spend, requests and tokens over time by model, provider, key, app or account; the view lives in the URL. */
export function Activity() {
  const { query } = useLocation();
  const today = new Date(Date.now() + 86_400_000);
  const from = query.get('from') ?? day(new Date(today.getTime() - 30 * 86_400_000));
  const to = query.get('to') ?? day(today);
  const rollup = query.get('rollup') ?? 'day';
  const group = query.get('group_by') ?? 'model';
  const metric = (query.get('metric') ?? 'spend') as Metric;
  const running = query.get('cumulative') === 'true';
  const filters = new URLSearchParams({ from, to, rollup, group_by: group });
  for (const name of ['key', 'model', 'provider', 'app', 'account']) if (query.get(name)) filters.set(name, query.get(name)!);
  const [data, setData] = useState<ActivityData | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ data: ActivityData }>(`/api/v1/dashboard/activity?${filters}`).then(
      (answer) => {
        setData(answer.data);
        setError(null);
      },
      (caught) => setError((caught as Error).message),
    );
  }, [filters.toString()]);
  const values = (entry: ActivityData['groups'][number]) => {
    const raw = metric === 'spend' ? entry.spend_nano.map((nano) => nano / 1e9) : metric === 'requests' ? entry.requests : entry.tokens;
    return running ? cumulative(raw) : raw;
  };
  const csv = () => {
    if (!data) return '';
    const lines = [['bucket', 'group', 'spend_usd', 'requests', 'tokens'].join(',')];
    for (const entry of data.groups)
      for (const [index, bucket] of data.buckets.entries())
        lines.push([bucket, JSON.stringify(entry.name), (entry.spend_nano[index]! / 1e9).toFixed(9), entry.requests[index], entry.tokens[index]].join(','));
    return `data:text/csv;charset=utf-8,${encodeURIComponent(`${lines.join('\n')}\n`)}`;
  };
  const update = (name: string) => (value: string) => setQuery({ [name]: value });
  return (
    <Layout title="Activity">
      <form class="filters" aria-label="View" onSubmit={(event) => event.preventDefault()}>
        <TextInput label="From" type="date" value={from} onChange={update('from')} />
        <TextInput label="To" type="date" value={to} onChange={update('to')} />
        <Select
          label="Time rollup"
          value={rollup}
          onChange={update('rollup')}
          options={[
            ['hour', 'hour'],
            ['day', 'day'],
            ['week', 'week'],
          ]}
        />
        <Select
          label="Group by"
          value={group}
          onChange={update('group_by')}
          options={[
            ['model', 'model'],
            ['provider', 'provider'],
            ['key', 'key'],
            ['app', 'app'],
            ['account', 'account'],
          ]}
        />
        <Select label="Show" value={metric} onChange={update('metric')} options={Object.entries(metrics)} />
        <Field label="Cumulative">
          <input type="checkbox" checked={running} onChange={(event) => setQuery({ cumulative: (event.target as HTMLInputElement).checked ? 'true' : null })} />
        </Field>
        <TextInput label="Key (hash)" value={query.get('key') ?? ''} onChange={update('key')} />
        <TextInput label="Model" value={query.get('model') ?? ''} onChange={update('model')} />
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <section class="kpis" aria-label="Totals">
            <Kpi label="Spend" value={usdFromNano(data.totals.spend_nano)} />
            <Kpi label="Requests" value={count(data.totals.requests)} />
            <Kpi label="Tokens" value={count(data.totals.tokens)} />
          </section>
          {data.buckets.length > 0 ? (
            <TimeChart
              title={`${metrics[metric]} by ${group}${running ? ' (cumulative)' : ''}`}
              x={data.buckets}
              series={data.groups.map((entry) => ({ name: entry.name, values: values(entry) }))}
              format={(value) => (metric === 'spend' ? (value !== 0 && Math.abs(value) < 0.01 ? `$${value.toPrecision(2)}` : `$${value.toFixed(2)}`) : count(value))}
              range={[new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)]}
            />
          ) : (
            <p>No requests in this window.</p>
          )}
          <table class="data">
            <caption>By {group}</caption>
            <thead>
              <tr>
                <th scope="col">{group}</th>
                <th scope="col">Spend</th>
                <th scope="col">Requests</th>
                <th scope="col">Tokens</th>
              </tr>
            </thead>
            <tbody>
              {data.groups.map((entry) => (
                <tr key={entry.name}>
                  <td>{entry.name}</td>
                  <td class="cost">{usdFromNano(entry.spend_nano.reduce((a, b) => a + b, 0))}</td>
                  <td>{count(entry.requests.reduce((a, b) => a + b, 0))}</td>
                  <td>{count(entry.tokens.reduce((a, b) => a + b, 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <a href={csv()} download={`activity-${from}-${to}.csv`}>
            Download CSV
          </a>
        </>
      )}
    </Layout>
  );
}
