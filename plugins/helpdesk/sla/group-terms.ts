import { Injectable } from '@nestjs/common';
import { OptionalPorts, definePort } from '@clientele/core';

export interface GroupSlaTermsView {
  name: string;
  contractId: string;
  defaultLevel: string | null;
}

export interface GroupResponsibilityView {
  responsible: {
    kind: string;
    worker: { id: string; displayName: string | null } | null;
    reason?: string;
    group: { id: string; code: string; name: string; priority: number } | null;
  } | null;
  visibleTo: { userGroup: { id: string | null; name: string | null }; fromGroup: string } | null;
  helpdeskArea?: { id: string | null } | null;
  candidates: {
    kind: string;
    worker: { id: string; displayName: string | null } | null;
    group: { code: string; name: string; priority: number } | null;
  }[];
}

export interface CustomerGroupView {
  id: string;
  code: string;
  name: string;
  priority: number;
}

/**
 * What the helpdesk asks of customer groups (an optional dependency) for a customer. The
 * customer-groups plugin provides it; while that plugin is disabled the helpdesk routes and
 * measures without groups.
 */
export interface CustomerGroupTermsPort {
  slaTerms(customerId: string): Promise<GroupSlaTermsView | null>;
  responsible(customerId: string, area: string): Promise<GroupResponsibilityView>;
  /** The customer's groups today, by priority. */
  groups(customerId: string): Promise<CustomerGroupView[]>;
  group(id: string): Promise<CustomerGroupView | null>;
}

export const CUSTOMER_GROUP_TERMS = definePort<CustomerGroupTermsPort>('helpdesk.customer-group-terms');

@Injectable()
export class GroupTerms {
  constructor(private readonly ports: OptionalPorts) {}

  /** The port when customer groups is enabled; null otherwise. */
  port(): CustomerGroupTermsPort | null {
    return this.ports.get(CUSTOMER_GROUP_TERMS);
  }

  async sla(customerId: string) {
    return (await this.port()?.slaTerms(customerId)) ?? null;
  }
}
