import { type ByokCipher, byokBinding } from '../../accounts/byok-cipher.js';
import { inSample } from '../../broadcast/destination-filter.js';
import type { Logger } from '../../observability/logger.js';
import type { ApiKey } from '../../spec/account.js';
import type { GenerationContent } from '../../spec/generation-content.js';
import type { GenerationContentStore } from '../../storage/control-plane/generation-content-store.js';

const dayMs = 86_400_000;
/** The binding of a kept text's ciphertext: moved to another row or account, it does not open. */
const binding = (accountId: string, generationId: string) => byokBinding(accountId, 'generation-content', generationId);

/**
 * Keeps the text of the generations whose workspace logs prompts (OpenRouter's I/O logging) —
 * sealed with the operator's key (byok.encryption_key_env), for `retentionDays`, then deleted —
 * and gives it back to its account. Off everywhere else: the generation log stays metadata only.
 * Keeping happens after the answer is sent and never fails a request (a failure is logged).
 */
export class GenerationContentKeeper {
  private lastSweep = 0;

  constructor(
    private readonly store: GenerationContentStore,
    private readonly cipher: ByokCipher | null,
    private readonly options: { retentionDays: number; logger: Logger; now?: () => number },
  ) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Whether text can be kept at all (the operator set an encryption key). */
  get available(): boolean {
    return this.cipher !== null;
  }

  /** Whether this generation's text is to be kept: its key's workspace logs prompts and the generation is in its sample. */
  wants(key: ApiKey | null, generationId: string): boolean {
    const workspace = key?.workspace;
    return this.cipher !== null && workspace?.ioLoggingEnabled === true && inSample(workspace.ioLoggingSamplingRate, generationId);
  }

  /** Seals and stores a generation's text (in the background: the caller does not wait). */
  keep(accountId: string, generationId: string, content: GenerationContent): void {
    if (!this.cipher) return;
    const now = this.now();
    const sealed = this.cipher.seal(JSON.stringify(content), binding(accountId, generationId));
    this.store
      .keep({ generationId, accountId, sealed, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + this.options.retentionDays * dayMs).toISOString() })
      .catch((error: unknown) => this.options.logger.error('a generation text could not be kept', { generation_id: generationId, error: String((error as Error)?.message ?? error) }));
    // Texts past their retention are deleted as new ones come (at most once an hour); reads never return them.
    if (now - this.lastSweep >= 3_600_000) {
      this.lastSweep = now;
      this.sweep(now).catch((error: unknown) => this.options.logger.error('expired generation texts could not be deleted', { error: String((error as Error)?.message ?? error) }));
    }
  }

  /** The account's kept text of a generation (undefined: none kept, or its retention ended). */
  async read(accountId: string, generationId: string): Promise<GenerationContent | undefined> {
    if (!this.cipher) return undefined;
    const kept = await this.store.get(accountId, generationId, new Date(this.now()).toISOString());
    return kept ? (JSON.parse(this.cipher.open(kept.sealed, binding(accountId, generationId))) as GenerationContent) : undefined;
  }

  /** Deletes the texts whose retention ended; how many. */
  async sweep(nowMs = this.now()): Promise<number> {
    return this.store.deleteExpired(new Date(nowMs).toISOString());
  }
}
