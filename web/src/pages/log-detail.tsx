import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { Kpi } from '../components/kpi';
import { Layout } from '../components/layout';
import { Link } from '../components/link';
import { count, milliseconds, time, usd, usdFromNano } from '../format';
// The server's own types (erased at build): the record as the log keeps it, and its cost parts.
import type { CostParts } from '../../../src/gateway/dashboard/cost-parts';
import type { GenerationRecord as LoggedRecord, ProviderAttempt } from '../../../src/spec/generation-record';

type GenerationRecord = LoggedRecord & { provider_responses: ProviderAttempt[] };
/** What the account said of the generation (POST /api/v1/generation/feedback). */
type Feedback = { category: string; comment: string | null; created_at: string };

/** One generation: cost, tokens, timings, every provider attempt, and what the observatory learned. */
export function LogDetail({ id }: { id: string }) {
  const [record, setRecord] = useState<GenerationRecord | null>(null);
  const [parts, setParts] = useState<CostParts | null>(null);
  const [feedback, setFeedback] = useState<Feedback[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ data: GenerationRecord; cost_parts: CostParts | null; feedback: Feedback[] }>(`/api/v1/dashboard/generations/${encodeURIComponent(id)}`).then(
      (answer) => {
        setRecord(answer.data);
        setParts(answer.cost_parts);
        setFeedback(answer.feedback ?? []);
      },
      (caught) => setError((caught as Error).message),
    );
  }, [id]);
  if (error)
    return (
      <Layout title="Generation">
        <p class="error" role="alert">
          {error}
        </p>
        <Link href="/logs">Back to Logs</Link>
      </Layout>
    );
  if (!record) return <Layout title="Generation">Loading…</Layout>;
  // Tokens over the time they streamed; a whole answer's over its whole latency (as the routing's statistics count it).
  const seconds = (record.streamed ? record.generation_time : record.latency) / 1000;
  const throughput = seconds > 0 && record.tokens_completion > 0 ? record.tokens_completion / seconds : null;
  const longest = Math.max(1, ...record.provider_responses.map((attempt) => attempt.latency));
  return (
    <Layout title={`Generation ${record.id}`}>
      <p>
        <Link href="/logs">Back to Logs</Link> · {time(record.created_at)} · {record.model}
        {record.requested_model !== record.model ? ` (asked for ${record.requested_model})` : ''} via {record.provider_name ?? 'no provider'}
      </p>
      <section class="kpis" aria-label="Cost and speed">
        <Kpi label="Cost" value={usdFromNano(Number(record.total_cost_nano))} hint={record.is_byok ? 'BYOK: billed by the provider' : undefined} />
        <Kpi label="Tokens" value={`${count(record.tokens_prompt)} → ${count(record.tokens_completion)}`} hint="prompt → completion" />
        <Kpi label="Latency" value={milliseconds(record.latency)} />
        <Kpi label="Time to first token" value={milliseconds(record.time_to_first_token)} />
        <Kpi label="Throughput" value={throughput === null ? '—' : `${throughput.toFixed(1)} tokens/s`} />
      </section>
      <h2>Cost</h2>
      <dl class="facts">
        <dt>Charged</dt>
        <dd class="cost">{usdFromNano(Number(record.total_cost_nano))}</dd>
        {parts && (
          <>
            <dt>Prompt (uncached)</dt>
            <dd>{usd(parts.prompt)}</dd>
            <dt>Completion</dt>
            <dd>{usd(parts.completion)}</dd>
            <dt>Reasoning</dt>
            <dd>{usd(parts.reasoning)}</dd>
            <dt>Cache read / write</dt>
            <dd>
              {usd(parts.cache_read)} / {usd(parts.cache_write)}
            </dd>
            <dt>Request fee</dt>
            <dd>{usd(parts.request)}</dd>
            <dt>Endpoint discount</dt>
            <dd>−{usd(parts.discount)}</dd>
            {Math.abs(parts.parts_total - record.total_cost) > 1e-9 && (
              <>
                <dt>The parts come to</dt>
                <dd>{usd(parts.parts_total)} (the charge was capped at the reservation or waived)</dd>
              </>
            )}
          </>
        )}
        <dt>Cache discount</dt>
        <dd>{usd(record.cache_discount)}</dd>
        <dt>Upstream cost (BYOK)</dt>
        <dd>{record.upstream_inference_cost === null ? '—' : usd(record.upstream_inference_cost)}</dd>
        <dt>Reported beyond the reservation (not billed)</dt>
        <dd>{usdFromNano(Number(record.unbilled_cost_nano))}</dd>
        <dt>Usage corrected</dt>
        <dd>{record.usage_anomaly ?? 'no'}</dd>
      </dl>
      <h2>Tokens</h2>
      <dl class="facts">
        <dt>Prompt (normalized / native)</dt>
        <dd>
          {count(record.tokens_prompt)} / {count(record.native_tokens_prompt)}
        </dd>
        <dt>Completion (normalized / native)</dt>
        <dd>
          {count(record.tokens_completion)} / {count(record.native_tokens_completion)}
        </dd>
        <dt>Reasoning</dt>
        <dd>{count(record.native_tokens_reasoning)}</dd>
        <dt>Cache read / write</dt>
        <dd>
          {count(record.native_tokens_cached)} / {count(record.native_tokens_cache_write)}
        </dd>
      </dl>
      <h2>Attempts</h2>
      <ol class="waterfall">
        {record.provider_responses.map((attempt, index) => (
          <li key={index}>
            <span>
              {attempt.provider_name} · {String(attempt.status ?? '')} {attempt.error_code ? `(${attempt.error_code})` : ''} · {milliseconds(Number(attempt.latency ?? 0))}
            </span>
            <span class="bar" style={{ width: `${(attempt.latency / longest) * 100}%` }} />
          </li>
        ))}
        {record.provider_responses.length === 0 && <li>No provider was called.</li>}
      </ol>
      <h2>Request</h2>
      <dl class="facts">
        <dt>Account · key</dt>
        <dd>
          {record.account_id} · {record.key_name}
        </dd>
        <dt>App</dt>
        <dd>{record.app_name ?? record.http_referer ?? '—'}</dd>
        <dt>Streamed</dt>
        <dd>{record.streamed ? 'yes' : 'no'}</dd>
        <dt>Finish reason</dt>
        <dd>
          {record.error_code ?? record.finish_reason ?? '—'} {record.native_finish_reason ? `(${record.native_finish_reason})` : ''}
        </dd>
        <dt>Category</dt>
        <dd>{record.category ? `${record.category} (confidence ${record.category_confidence ?? '—'})` : 'not in the classified sample'}</dd>
        <dt>Language</dt>
        <dd>{record.prompt_language ?? '—'}</dd>
      </dl>
      {feedback.length > 0 && (
        <>
          <h2>Feedback</h2>
          <ul>
            {feedback.map((entry) => (
              <li key={entry.created_at}>
                {time(entry.created_at)} · {entry.category.replace(/_/g, ' ')}
                {entry.comment ? `: ${entry.comment}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
