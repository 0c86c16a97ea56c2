import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { Select, TextInput } from '../components/field';
import { Layout } from '../components/layout';
import { usd } from '../format';

interface PlatformAccount {
  id: string;
  name: string;
  billing_country: string | null;
  credits: number;
  usage: number;
  keys: number;
  active_keys: number;
}

interface ManagedKey {
  hash: string;
  name: string;
  label: string;
  disabled: boolean;
  limit: number | null;
  limit_reset: string | null;
  usage: number;
  expires_at: string | null;
  created_at: string;
}

/** Keys of the management key's account: create (the secret shown once), disable, delete; and the account's credits. */
export function Keys() {
  const [keys, setKeys] = useState<ManagedKey[]>([]);
  const [credits, setCredits] = useState<{ total_credits: number; total_usage: number } | null>(null);
  const [accounts, setAccounts] = useState<PlatformAccount[]>([]);
  const [name, setName] = useState('');
  const [limit, setLimit] = useState('');
  const [reset, setReset] = useState('');
  const [expires, setExpires] = useState('');
  const [rpm, setRpm] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async () => {
    const [list, balance] = await Promise.all([api<{ data: ManagedKey[] }>('/api/v1/keys?include_disabled=true'), api<{ data: { total_credits: number; total_usage: number } }>('/api/v1/credits')]);
    setKeys(list.data);
    setCredits(balance.data);
    setAccounts((await api<{ data: PlatformAccount[] }>('/api/v1/dashboard/accounts')).data);
  };
  useEffect(() => {
    load().catch((caught) => setError((caught as Error).message));
  }, []);
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await load();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  };
  const create = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const answer = await api<{ key: string }>('/api/v1/keys', {
        json: {
          name,
          ...(limit ? { limit: Number(limit) } : {}),
          ...(reset ? { limit_reset: reset } : {}),
          ...(expires ? { expires_at: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
          ...(rpm ? { requests_per_minute: Number(rpm) } : {}),
        },
      });
      setSecret(answer.key);
      setName('');
    });
  };
  return (
    <Layout title="Keys and credits">
      {credits && (
        <p>
          Credits {usd(credits.total_credits)} · used {usd(credits.total_usage)} · left {usd(credits.total_credits - credits.total_usage)}
        </p>
      )}
      <form class="filters" onSubmit={create} aria-label="Create a key">
        <TextInput commit="input" label="Name" value={name} onChange={setName} />
        <TextInput commit="input" label="Spend limit (USD)" type="number" value={limit} onChange={setLimit} />
        <Select
          label="Limit resets"
          value={reset}
          onChange={setReset}
          options={[
            ['', 'never'],
            ['daily', 'daily'],
            ['weekly', 'weekly'],
            ['monthly', 'monthly'],
          ]}
        />
        <TextInput commit="input" label="Expires (date)" type="date" value={expires} onChange={setExpires} />
        <TextInput commit="input" label="Requests per minute" type="number" value={rpm} onChange={setRpm} />
        <button type="submit" disabled={!name}>
          Create key
        </button>
      </form>
      {secret && (
        <div class="secret" role="status">
          <p>
            <strong>The new key, shown once:</strong> <code data-testid="new-key">{secret}</code>
          </p>
          <button type="button" onClick={() => setSecret(null)}>
            I have stored it
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <table class="data">
        <caption>Keys of this account</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col">Spend</th>
            <th scope="col">Limit</th>
            <th scope="col">Expires</th>
            <th scope="col">State</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.hash}>
              <td>{key.name}</td>
              <td>
                <code>{key.label}</code>
              </td>
              <td>{usd(key.usage)}</td>
              <td>{key.limit === null ? '—' : `${usd(key.limit)}${key.limit_reset ? ` ${key.limit_reset}` : ''}`}</td>
              <td>{key.expires_at ? key.expires_at.slice(0, 10) : '—'}</td>
              <td>{key.disabled ? 'disabled' : 'active'}</td>
              <td>
                <button type="button" onClick={() => run(() => api(`/api/v1/keys/${key.hash}`, { method: 'PATCH', json: { disabled: !key.disabled } }))}>
                  {key.disabled ? 'Enable' : 'Disable'} <span class="visually-hidden">{key.name}</span>
                </button>{' '}
                <button type="button" onClick={() => confirm(`Delete the key ${key.name}?`) && run(() => api(`/api/v1/keys/${key.hash}`, { method: 'DELETE' }))}>
                  Delete <span class="visually-hidden">{key.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table class="data">
        <caption>Every account of the platform</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Country</th>
            <th scope="col">Credits</th>
            <th scope="col">Used</th>
            <th scope="col">Left</th>
            <th scope="col">Keys (active)</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <td>
                {account.name} <span class="muted">{account.id}</span>
              </td>
              <td>{account.billing_country ?? '—'}</td>
              <td>{usd(account.credits)}</td>
              <td>{usd(account.usage)}</td>
              <td>{usd(account.credits - account.usage)}</td>
              <td>
                {account.keys} ({account.active_keys})
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">
        Credits are added with <code>switchboard credits add --account &lt;id&gt; --amount &lt;usd&gt;</code>; the keys of another account with{' '}
        <code>switchboard keys create --account &lt;id&gt;</code>.
      </p>
    </Layout>
  );
}
