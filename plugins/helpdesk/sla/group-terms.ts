import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PluginRegistry } from '@clientele/core';

/**
 * What the helpdesk asks of customer groups (an optional plugin) for a customer. The
 * customer-groups plugin provides it under this token; while it is disabled the helpdesk routes
 * and measures without groups.
 */
export const CUSTOMER_GROUP_TERMS = 'customer-groups.terms';

export interface GroupSlaTermsView {
  name: string;
  contractId: string;
  defaultLevel: string | null;
}

export interface GroupResponsibilityView {
  responsible: {
    kind: string;
    worker: { id: string; displayName: string } | null;
    reason?: string;
    group: { id: string; code: string; name: string; priority: number } | null;
  } | null;
  visibleTo: { userGroup: { id: string; name: string }; fromGroup: string } | null;
  helpdeskArea?: { id: string } | null;
  candidates: {
    kind: string;
    worker: { id: string; displayName: string } | null;
    group: { code: string; name: string; priority: number } | null;
  }[];
}

export interface CustomerGroupView {
  id: string;
  code: string;
  name: string;
  priority: number;
}

export interface CustomerGroupTermsPort {
  slaTerms(customerId: string): Promise<GroupSlaTermsView | null>;
  responsible(customerId: string, area: string): Promise<GroupResponsibilityView>;
  /** The customer's groups today, by priority. */
  groups(customerId: string): Promise<CustomerGroupView[]>;
  group(id: string): Promise<CustomerGroupView | null>;
}

@Injectable()
export class GroupTerms {
  constructor(
    private readonly plugins: PluginRegistry,
    private readonly modules: ModuleRef,
  ) {}

  /** The port when customer groups is enabled and provides it; null otherwise. */
  port(): CustomerGroupTermsPort | null {
    if (!this.plugins.has('customer-groups')) return null;
    try {
      return this.modules.get<CustomerGroupTermsPort>(CUSTOMER_GROUP_TERMS, { strict: false });
    } catch {
      return null;
    }
  }

  async sla(customerId: string) {
    return (await this.port()?.slaTerms(customerId)) ?? null;
  }
}
