import { useState } from 'preact/hooks';
import { api, ApiError } from '../api';

/** Sign in with an API key: the key is exchanged for a session cookie and forgotten by the page. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/dashboard/session', { json: { key } });
      setKey('');
      onSignedIn();
      const next = new URLSearchParams(location.search).get('next');
      location.assign(next?.startsWith('/') && !next.startsWith('//') ? next : '/');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : 'Could not sign in');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Switchboard</h1>
      <p>
        Sign in with an API key. A management key sees the whole platform and manages keys; any other key sees its own account. Make one with <code>switchboard keys create --management</code>.
      </p>
      <form onSubmit={submit}>
        <label class="field">
          <span>API key</span>
          <input type="password" name="key" autocomplete="off" required value={key} onInput={(event) => setKey((event.target as HTMLInputElement).value)} placeholder="sk-sb-v1-…" />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
