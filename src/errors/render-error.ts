import { GatewayError } from './gateway-error.js';

export interface OpenRouterErrorBody {
  error: {
    code: number;
    message: string;
    metadata: Record<string, unknown>;
  };
}

/** Renders any error as OpenRouter's `{"error": {"code", "message", "metadata"}}` body. */
export function renderError(error: unknown): OpenRouterErrorBody {
  const gatewayError = GatewayError.from(error);
  return {
    error: {
      code: gatewayError.status,
      message: gatewayError.message,
      metadata: {
        error_type: gatewayError.errorType,
        switchboard_code: gatewayError.code,
        ...gatewayError.metadata,
      },
    },
  };
}
