import type { Account, ApiKey } from './account.js';

/** Who a request runs as once authenticated: an account, and the key it came with. */
export interface Principal {
  account: Account;
  /** Null for anonymous requests served under the local account. */
  key: ApiKey | null;
}
