import { GatewayError } from '../../errors/gateway-error.js';
import type { Member } from '../../spec/workspace.js';
import { expectStringArray } from '../../wire/request-validation.js';
import type { GatewayServices } from '../gateway-services.js';

/** The account's members a body names by id (`param`: a list of ids), each one found; another account's or an unknown id is a 400 naming it. */
export async function namedMembers(services: GatewayServices, accountId: string, value: unknown, param: string): Promise<Member[]> {
  const userIds = expectStringArray(value, param, 1_000);
  const members = await services.controlPlane.organization.findMembers(accountId, userIds);
  const known = new Set(members.map((member) => member.id));
  const unknown = userIds.find((userId) => !known.has(userId));
  if (unknown !== undefined) throw new GatewayError('invalid_request', `${param}: no member ${unknown.slice(0, 64)} in this account`, { metadata: { param } });
  return members;
}
