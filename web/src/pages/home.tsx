import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Kpi } from '../components/kpi';
import { Layout } from '../components/layout';
import { Link } from '../components/link';
import { count, day, usdFromNano } from '../format';
import { isAdmin, useSession } from '../session';

interface Activity {
  data: { totals: { spend_nano: number; requests: number; tokens: number } };
}

/** The first page: the last week at a glance, and what to do next. */
export function Home() {
  const session = useSession();
  const [totals, setTotals] = useState<Activity['data']['totals'] | null>(null);
  useEffect(() => {
    const to = new Date(Date.now() + 86_400_000);
    api<Activity>(`/api/v1/dashboard/activity?from=${day(new Date(to.getTime() - 8 * 86_400_000))}&to=${day(to)}`).then(
      (answer) => setTotals(answer.data.totals),
      () => setTotals(null),
    );
  }, []);
  const origin = window.location.origin;
  return (
    <Layout title="Home">
      <section class="kpis" aria-label="The last seven days">
        <Kpi label="Spend, last 7 days" value={totals ? usdFromNano(totals.spend_nano) : '…'} />
        <Kpi label="Requests, last 7 days" value={totals ? count(totals.requests) : '…'} />
        <Kpi label="Tokens, last 7 days" value={totals ? count(totals.tokens) : '…'} />
      </section>
      <section class="steps">
        <h2>First steps</h2>
        <ol>
          <li>
            <strong>Make a key.</strong> {isAdmin(session) ? <Link href="/keys">Create one on the Keys page</Link> : <span>Ask for one, or run</span>} (or <code>switchboard keys create</code>); its
            secret is shown once.
          </li>
          <li>
            <strong>Send a request</strong> with it, as to OpenRouter:
            <pre>
              {`curl ${origin}/api/v1/chat/completions \\
  -H "Authorization: Bearer $SWITCHBOARD_API_KEY" -H "Content-Type: application/json" \\
  -d '{"model": "openai/gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}]}'`}
            </pre>
            With the built-in simulator the answer is made-up text, priced like the real model.
          </li>
          <li>
            <strong>See it</strong> in <Link href="/logs">Logs</Link> within seconds, with its cost, tokens and latency; then in <Link href="/activity">Activity</Link> and{' '}
            <Link href="/study">The Study</Link>.
          </li>
        </ol>
      </section>
    </Layout>
  );
}
