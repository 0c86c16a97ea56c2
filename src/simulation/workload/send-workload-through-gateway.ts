import { simulatorUserAgent } from '../../analytics/report/simulated-log.js';
import type { ToolDefinition } from '../../spec/chat-message.js';
import type { GenerationRecord } from '../../spec/generation-record.js';
import { countPromptTokens } from '../../tokenization/count-tokens.js';
import { messagesOfTokens, textOfTokens } from '../replay/exact-prompt.js';

export interface GatewaySenderOptions {
  gateway: string;
  key?: string;
  /** Most requests in flight at once. */
  concurrency: number;
}

export interface GatewaySendSummary {
  sent: number;
  succeeded: number;
  failed: { id: string; status: number; message: string }[];
  /** Records of models the gateway does not serve (retired models of the study's early months), by model. */
  skipped: Record<string, number>;
}

function toolsFor(count: number): ToolDefinition[] {
  return Array.from({ length: count }, (_, index) => ({
    type: 'function' as const,
    function: {
      name: `tool_${index + 1}`,
      description: 'a tool of the simulated workload',
      parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
    },
  }));
}

/**
 * The chat request that reproduces a generated record through the gateway and the simulator: a
 * prompt of the record's length (exact when it fits the framing), its completion length fixed
 * with max_tokens = min_tokens, its reasoning budget, tools and whether they were called, and
 * the facts a live request cannot carry (time, billing country, category, language) as trusted
 * simulation headers.
 */
export function requestForRecord(record: GenerationRecord): { body: Record<string, unknown>; headers: Record<string, string> } {
  const tools = record.tools_given > 0 ? toolsFor(record.tools_given) : undefined;
  const framing = countPromptTokens([{ role: 'user', content: '' }], tools);
  const messages = record.tokens_prompt > framing ? messagesOfTokens(record.tokens_prompt, tools) : [{ role: 'user', content: textOfTokens(1) }];
  const body: Record<string, unknown> = {
    model: record.model,
    messages,
    max_tokens: record.tokens_completion,
    min_tokens: record.tokens_completion,
    stream: record.streamed,
    user: record.external_user ?? record.account_id,
    reasoning: record.native_tokens_reasoning > 0 ? { max_tokens: record.native_tokens_reasoning } : { enabled: false },
  };
  if (tools) {
    body.tools = tools;
    body.tool_choice = record.finish_reason === 'tool_calls' ? 'required' : 'none';
    // One call at a time: a second, parallel call could outgrow a short record's fixed completion.
    if (record.finish_reason === 'tool_calls') body.parallel_tool_calls = false;
  }
  const headers: Record<string, string> = { 'x-switchboard-simulated-time': record.created_at, 'user-agent': simulatorUserAgent };
  if (record.billing_country) headers['x-switchboard-simulated-country'] = record.billing_country;
  if (record.category) headers['x-switchboard-simulated-category'] = record.category;
  if (record.prompt_language) headers['x-switchboard-simulated-language'] = record.prompt_language;
  if (record.http_referer) headers['http-referer'] = record.http_referer;
  if (record.app_name) headers['x-title'] = record.app_name;
  return { body, headers };
}

/** The error the response carried (HTTP error body, or an error chunk of a stream), or null. */
async function responseError(response: Response, stream: boolean): Promise<string | null> {
  const text = await response.text();
  if (!response.ok) {
    try {
      return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? `HTTP ${response.status}`;
    } catch {
      return `HTTP ${response.status}: ${text.slice(0, 200)}`;
    }
  }
  if (!stream) return null;
  for (const line of text.split('\n')) {
    if (line.startsWith('data: {') && line.includes('"error"')) return (JSON.parse(line.slice(6)) as { error?: { message?: string } }).error?.message ?? 'stream error';
  }
  return null;
}

/**
 * Sends generated records through a running gateway as real requests. The gateway must trust
 * simulation headers (simulation.trust_headers: true); the first answer proves it does.
 */
export class GatewayWorkloadSender {
  private readonly summary: GatewaySendSummary = { sent: 0, succeeded: 0, failed: [], skipped: {} };
  private served: Promise<Set<string>> | null = null;
  private checked = false;

  constructor(private readonly options: GatewaySenderOptions) {}

  private async send(record: GenerationRecord): Promise<void> {
    const { body, headers } = requestForRecord(record);
    const response = await fetch(`${this.options.gateway.replace(/\/+$/, '')}/api/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.options.key ? { authorization: `Bearer ${this.options.key}` } : {}), ...headers },
      body: JSON.stringify(body),
    });
    this.summary.sent++;
    if (response.ok && !this.checked) {
      if (response.headers.get('x-switchboard-simulated') !== 'accepted') {
        await response.body?.cancel();
        throw new Error('the gateway does not take simulation headers: start it with simulation.trust_headers: true (env SWITCHBOARD__SIMULATION__TRUST_HEADERS=true), on a data directory of its own');
      }
      this.checked = true;
    }
    const error = await responseError(response, record.streamed);
    if (error) this.summary.failed.push({ id: record.id, status: response.status, message: error });
    else this.summary.succeeded++;
  }

  private servedModels(): Promise<Set<string>> {
    this.served ??= (async () => {
      const response = await fetch(`${this.options.gateway.replace(/\/+$/, '')}/api/v1/models`, this.options.key ? { headers: { authorization: `Bearer ${this.options.key}` } } : {});
      if (!response.ok) throw new Error(`GET /api/v1/models answered ${response.status}`);
      const body = (await response.json()) as { data: { id: string }[] };
      return new Set(body.data.map((model) => model.id));
    })();
    return this.served;
  }

  /**
   * Sends a batch, `concurrency` requests at a time, and returns the records it sent. Records of
   * models the gateway does not serve are skipped and counted (the generated year reaches back to
   * models since retired from the catalog).
   */
  async sendBatch(batch: readonly GenerationRecord[]): Promise<GenerationRecord[]> {
    const served = await this.servedModels();
    const records = batch.filter((record) => {
      if (served.has(record.model)) return true;
      this.summary.skipped[record.model] = (this.summary.skipped[record.model] ?? 0) + 1;
      return false;
    });
    let next = 0;
    if (!this.checked && records.length > 0) await this.send(records[next++]!);
    const worker = async () => {
      for (let index = next++; index < records.length; index = next++) await this.send(records[index]!);
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency) }, worker));
    return records;
  }

  result(): GatewaySendSummary {
    return this.summary;
  }
}
