import { ClienteleEvent, RecordChanged } from '@clientele/core';

/** What a membership event tells: which customer, which group, and for which days. */
export interface MembershipEventPayload {
  membershipId: string;
  groupId: string;
  customerId: string;
  validFrom: string | null;
  validTo: string | null;
}

/** A customer was added to a group (possibly from a future day on). */
export class CustomerGroupMemberAdded extends ClienteleEvent<MembershipEventPayload> {
  static readonly type = 'customer_group.member_added';
}

/** A membership's days changed (e.g. it now ends on a given day). */
export class CustomerGroupMembershipChanged extends ClienteleEvent<MembershipEventPayload> {
  static readonly type = 'customer_group.membership_changed';
}

/** A customer was taken out of a group (the membership was deleted). */
export class CustomerGroupMemberRemoved extends ClienteleEvent<MembershipEventPayload> {
  static readonly type = 'customer_group.member_removed';
}

/** A bulk add or remove finished: how many memberships it added, ended or deleted. */
export class CustomerGroupMembersChangedInBulk extends ClienteleEvent<{
  groupId: string;
  jobId: string;
  added: number;
  ended: number;
  removed: number;
}> {
  static readonly type = 'customer_group.members_changed_in_bulk';
}

export class CustomerGroupCreated extends RecordChanged {
  static readonly type = 'customer_group.created';
}
export class CustomerGroupUpdated extends RecordChanged {
  static readonly type = 'customer_group.updated';
}
export class CustomerGroupDeleted extends RecordChanged {
  static readonly type = 'customer_group.deleted';
}
export class CustomerGroupRestored extends RecordChanged {
  static readonly type = 'customer_group.restored';
}

export const CUSTOMER_GROUP_EVENTS = [
  CustomerGroupCreated,
  CustomerGroupUpdated,
  CustomerGroupDeleted,
  CustomerGroupRestored,
  CustomerGroupMemberAdded,
  CustomerGroupMembershipChanged,
  CustomerGroupMemberRemoved,
  CustomerGroupMembersChangedInBulk,
];
