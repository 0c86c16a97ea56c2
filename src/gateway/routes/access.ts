import type { Principal } from '../../spec/principal.js';
import { GatewayError } from '../../errors/gateway-error.js';

/** Inference endpoints take API keys (or anonymous local requests), never management keys. */
export function requireInferenceAccess(auth: Principal): void {
  if (auth.key?.isManagement) throw new GatewayError('forbidden', 'Management keys cannot call inference endpoints; use an API key');
}

/** The management API (/keys) takes management keys only. */
export function requireManagementAccess(auth: Principal): void {
  if (!auth.key?.isManagement) {
    throw new GatewayError('forbidden', 'This endpoint requires a management key (create one with: switchboard keys create --management)');
  }
}

/**
 * The observatory (analyses over every account's traffic) is for the platform's operators:
 * management keys, or the anonymous local user of a gateway that listens on loopback only.
 */
export function requireObservatoryAccess(auth: Principal): void {
  if (auth.key && !auth.key.isManagement) {
    throw new GatewayError('forbidden', 'The analytics cover every account: they need a management key (switchboard keys create --management)');
  }
}
