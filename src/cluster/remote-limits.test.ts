import { describe, expect, it } from 'vitest';
import { loopbackClusterChannel } from '../../test/helpers/loopback-cluster-channel.js';
import { CreditLedger } from '../accounting/credit-ledger.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import { contractRequestLimits, runSharedLimitsContract } from '../limits/shared-limits.contract.js';
import { LocalLimits } from '../limits/shared-limits.js';
import { SqliteControlPlaneStore } from '../storage/control-plane/sqlite-control-plane-store.js';
import { limitsService } from './limits-service.js';
import { RemoteLimits } from './remote-limits.js';

/** A worker's limits: every check made by the primary's LocalLimits over the IPC channel. */
describe('RemoteLimits (a cluster worker asking its primary)', () => {
  runSharedLimitsContract({
    create: async (controlPlane) => {
      const service = limitsService(new LocalLimits(new CreditLedger(controlPlane), contractRequestLimits()), ModelCatalog.load());
      return { limits: new RemoteLimits(loopbackClusterChannel(service.calls, service.events)) };
    },
  });

  it('admits a principal the primary never had loaded, by sending it whole once asked', async () => {
    const controlPlane = new SqliteControlPlaneStore(':memory:');
    const account = await controlPlane.addCredits((await controlPlane.createAccount({ id: 'fresh', name: 'Fresh' })).id, 1_000_000, 'purchase');
    const catalog = ModelCatalog.load();
    const service = limitsService(new LocalLimits(new CreditLedger(controlPlane), contractRequestLimits()), catalog);
    const limits = new RemoteLimits(loopbackClusterChannel(service.calls, service.events));
    // No limits.load first: the primary answers that it does not know the principal, and the worker sends it.
    const admitted = await limits.admitAndReserve({ account, key: null }, catalog.get('openai/gpt-4o-mini')!, 10, 100);
    expect(admitted.ticket.headers).toBeTypeOf('object');
    expect(admitted.reservation).not.toHaveProperty('refused');
    await controlPlane.close();
  });
});
