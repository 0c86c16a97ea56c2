import type { ObservabilityDestination } from '../../spec/observability-destination.js';

export type DestinationPatch = Partial<Omit<ObservabilityDestination, 'id' | 'accountId' | 'createdAt' | 'updatedAt'>>;

/** Observability destinations, per account; one implementation for both databases (sql-destination-store.ts). */
export interface DestinationStore {
  create(destination: Omit<ObservabilityDestination, 'createdAt' | 'updatedAt'>): Promise<ObservabilityDestination>;
  list(accountId: string): Promise<ObservabilityDestination[]>;
  get(accountId: string, id: string): Promise<ObservabilityDestination | undefined>;
  update(accountId: string, id: string, patch: DestinationPatch): Promise<ObservabilityDestination | undefined>;
  delete(accountId: string, id: string): Promise<boolean>;
  /** Every account's enabled destinations (what the broadcaster sends to). */
  listEnabled(): Promise<ObservabilityDestination[]>;
}
