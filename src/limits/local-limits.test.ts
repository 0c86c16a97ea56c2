import { describe } from 'vitest';
import { CreditLedger } from '../accounting/credit-ledger.js';
import { contractRequestLimits, runSharedLimitsContract } from './shared-limits.contract.js';
import { LocalLimits } from './shared-limits.js';

describe('LocalLimits', () => {
  runSharedLimitsContract({
    create: async (controlPlane) => ({ limits: new LocalLimits(new CreditLedger(controlPlane), contractRequestLimits()) }),
  });
});
