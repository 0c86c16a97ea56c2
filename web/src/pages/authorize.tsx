import { useState } from 'preact/hooks';
import { api } from '../api';
import { Layout } from '../components/layout';
import { useLocation } from '../router';
import { useSession } from '../session';

/** Where the app wants the code sent: https, or http on this machine (an app in development). */
function callbackOf(text: string | null): URL | null {
  if (!text) return null;
  try {
    const url = new URL(text);
    const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
    return url.protocol === 'https:' || (url.protocol === 'http:' && local) ? url : null;
  } catch {
    return null;
  }
}

/**
 * OAuth PKCE consent (`/auth?callback_url=…&code_challenge=…&code_challenge_method=S256`, the URL
 * OpenRouter's SDK builds): the signed-in account allows an app to receive an API key of its own.
 * Allowing asks the API for a one-time code and sends the browser back to the app with it; the app
 * exchanges it (with its code verifier) at POST /api/v1/auth/keys.
 */
export function Authorize() {
  const { query } = useLocation();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const callback = callbackOf(query.get('callback_url'));
  const challenge = query.get('code_challenge');
  const method = query.get('code_challenge_method') ?? (challenge ? 'plain' : null);
  const limitText = query.get('limit');
  const limit = limitText === null ? null : Number(limitText);
  const problem = !callback
    ? 'The app gave no callback_url this gateway can send a code to (https, or http on localhost).'
    : method !== null && method !== 'S256' && method !== 'plain'
      ? 'code_challenge_method must be S256 or plain.'
      : limit !== null && !(Number.isFinite(limit) && limit >= 0)
        ? 'limit must be a number of USD.'
        : null;

  const back = (parameters: Record<string, string>) => {
    const url = new URL(callback!.toString());
    for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
    location.assign(url.toString());
  };
  const allow = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api<{ data: { id: string } }>('/api/v1/auth/keys/code', {
        json: {
          callback_url: callback!.toString(),
          ...(challenge ? { code_challenge: challenge, code_challenge_method: method } : {}),
          ...(limit !== null ? { limit } : {}),
          ...(query.get('key_label') ? { key_label: query.get('key_label') } : {}),
        },
      });
      back({ code: answer.data.id });
    } catch (failure) {
      setError((failure as Error).message);
      setBusy(false);
    }
  };

  return (
    <Layout title="Authorize an app">
      {problem ? (
        <p role="alert">{problem}</p>
      ) : (
        <section aria-labelledby="consent">
          <h2 id="consent">
            {callback!.host} asks for an API key of the account {session?.account.name ?? ''}
          </h2>
          <p>
            The key it receives calls models and spends this account's credits
            {limit !== null ? `, at most $${limit.toFixed(2)}` : ''}. You can disable it at any time on the Keys page.
          </p>
          {!challenge ? <p>This app does not use a PKCE code challenge: anyone who sees the code it gets back can exchange it.</p> : null}
          {error ? <p role="alert">{error}</p> : null}
          <p>
            <button type="button" onClick={allow} disabled={busy}>
              Allow
            </button>{' '}
            <button type="button" class="secondary" onClick={() => back({ error: 'access_denied' })} disabled={busy}>
              Deny
            </button>
          </p>
        </section>
      )}
    </Layout>
  );
}
