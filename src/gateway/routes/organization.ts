import type { GatewayServices } from '../gateway-services.js';
import type { Route } from '../http/route-table.js';
import { pageQuery } from './page-query.js';

/**
 * OpenRouter's organization members (management key): the people of the account. They are added
 * by the operator (`switchboard members add`); keys name the member who made them, and guardrails
 * and workspaces take members.
 */
export function organizationRoutes(services: GatewayServices): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/organization/members',
      access: 'management',
      handler: async (exchange) => {
        const { offset, limit } = pageQuery(exchange.query);
        const { members, total } = await services.controlPlane.organization.listMembers(exchange.principal.account.id, { offset, limit });
        exchange.sendJson(200, {
          data: members.map((member) => ({ id: member.id, email: member.email, first_name: member.firstName, last_name: member.lastName, role: member.role })),
          total_count: total,
        });
      },
    },
  ];
}
