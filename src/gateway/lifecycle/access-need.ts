/**
 * What a route needs of the caller, declared on the route and enforced by the authentication stage:
 *  - public: nothing (the model list, health); a key sent along is not even read;
 *  - account: any valid key of the account (its credits, its generations), or local development;
 *  - inference: an API key (not a management key), or local development;
 *  - management: a management key (its account's keys, workspaces, guardrails …);
 *  - platform: a management key that sees the whole platform (The Study's analyses over every
 *    account, every account's list): any management key, or only those of auth.platform_accounts;
 *  - metrics: the metrics bearer token (metrics.token), or local development.
 */
export type AccessNeed = 'public' | 'account' | 'inference' | 'management' | 'platform' | 'metrics';
