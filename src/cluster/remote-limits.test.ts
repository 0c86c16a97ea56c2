import { describe } from 'vitest';
import { loopbackClusterChannel } from '../../test/helpers/loopback-cluster-channel.js';
import { CreditLedger } from '../accounting/credit-ledger.js';
import { ModelCatalog } from '../catalog/model-catalog.js';
import { contractRequestLimits, runSharedLimitsContract } from '../limits/shared-limits.contract.js';
import { LocalLimits } from '../limits/shared-limits.js';
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
});
