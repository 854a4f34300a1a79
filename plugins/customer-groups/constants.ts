/** See groups (on the group or above) and, of their members, the customers one may read anyway. */
export const GROUP_READ = 'customer-groups.group.read';
/** Create, change and delete groups; add and remove members (on the group or above). */
export const GROUP_MANAGE = 'customer-groups.group.manage';
/** See a customer's groups (on the customer or above, beside the right to read the customer). */
export const MEMBERSHIP_READ = 'customer-groups.membership.read';
/** Read the catalogue and price lists (on the system node). */
export const PRICING_READ = 'customer-groups.pricing.read';
/** Ask a customer's prices and why (on the customer or above). */
export const PRICE_READ = 'customer-groups.price.read';
/** The catalogue and price lists (on the system node); individual prices (on the customer or above). */
export const PRICING_MANAGE = 'customer-groups.pricing.manage';
/** Ask who is responsible for a customer in a process area, and why (on the customer or above). */
export const RESPONSIBILITY_READ = 'customer-groups.responsibility.read';
/** Process areas (on the system node) and a group's responsibilities (on the group or above). */
export const RESPONSIBILITY_MANAGE = 'customer-groups.responsibility.manage';

/** The scope kind of a group: rights can be granted on one group or, on the system node, on all. */
export const KIND_CUSTOMER_GROUP = 'customer_group';

/** Record kinds in history. */
export const GROUP_TYPE = 'customer_group';
export const MEMBERSHIP_TYPE = 'customer_group_membership';
export const PRODUCT_TYPE = 'customer_groups_product';
export const PRICE_LIST_TYPE = 'customer_groups_price_list';
export const PRICE_LIST_ITEM_TYPE = 'customer_groups_price_list_item';
export const GROUP_PRICE_LIST_TYPE = 'customer_group_price_list';
export const INDIVIDUAL_PRICE_TYPE = 'customer_groups_individual_price';
export const QUOTE_TYPE = 'customer_groups_quote';
export const PROCESS_AREA_TYPE = 'customer_groups_process_area';
export const RESPONSIBILITY_TYPE = 'customer_group_responsibility';
