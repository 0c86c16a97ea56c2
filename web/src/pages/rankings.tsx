import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Select, TextInput } from '../components/field';
import { Layout } from '../components/layout';
import { count } from '../format';
import { setQuery, useLocation } from '../router';

interface Ranked {
  rank: number;
  name: string;
  tokens: number;
  share: number;
  change: number | null;
}

const categories = ['', 'programming', 'roleplay', 'technology', 'science', 'translation', 'trivia', 'academia', 'marketing', 'health', 'finance', 'legal', 'other'];

/** Top models, authors and apps by tokens, against the previous period; by category and language. */
export function Rankings() {
  const { query } = useLocation();
  const period = query.get('period') ?? 'week';
  const by = query.get('by') ?? 'model';
  const category = query.get('category') ?? '';
  const language = query.get('language') ?? '';
  const [rows, setRows] = useState<Ranked[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const parameters = new URLSearchParams({ period, by });
    if (category) parameters.set('category', category);
    if (language) parameters.set('language', language);
    api<{ data: Ranked[] }>(`/api/v1/dashboard/rankings?${parameters}`).then(
      (answer) => {
        setRows(answer.data);
        setError(null);
      },
      (caught) => setError((caught as Error).message),
    );
  }, [period, by, category, language]);
  const update = (name: string) => (value: string) => setQuery({ [name]: value });
  return (
    <Layout title="Rankings">
      <form class="filters" aria-label="Rankings" onSubmit={(event) => event.preventDefault()}>
        <Select
          label="Period"
          value={period}
          onChange={update('period')}
          options={[
            ['day', 'last day'],
            ['week', 'last week'],
            ['month', 'last 30 days'],
          ]}
        />
        <Select
          label="Rank"
          value={by}
          onChange={update('by')}
          options={[
            ['model', 'models'],
            ['author', 'authors'],
            ['app', 'apps'],
          ]}
        />
        <Select label="Category" value={category} onChange={update('category')} options={categories.map((name) => [name, name || 'all'] as const)} />
        <TextInput label="Language" value={language} onChange={update('language')} placeholder="en, zh-Hans …" />
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="data">
        <caption>By tokens, with the change against the period before</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{by}</th>
            <th scope="col">Tokens</th>
            <th scope="col">Share</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <td>{row.rank}</td>
              <td>{row.name}</td>
              <td>{count(row.tokens)}</td>
              <td>
                <span class="share" style={{ width: `${Math.round(row.share * 120)}px` }} /> {(row.share * 100).toFixed(1)}%
              </td>
              <td>{row.change === null ? 'new' : `${row.change >= 0 ? '+' : ''}${(row.change * 100).toFixed(0)}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && !error && <p>No tokens in this period.</p>}
    </Layout>
  );
}
