/**
 * What a route needs of the caller, declared on the route and enforced by the authentication stage:
 *  - public: nothing (the model list, health); a key sent along is not even read;
 *  - account: any valid key of the account (its credits, its generations), or local development;
 *  - inference: an API key (not a management key), or local development;
 *  - management: a management key (the keys API, the analyses over every account);
 *  - metrics: the metrics bearer token (metrics.token), or local development.
 */
export type AccessNeed = 'public' | 'account' | 'inference' | 'management' | 'metrics';
