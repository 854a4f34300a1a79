import { SetMetadata } from '@nestjs/common';

export const ROUTE_PERMISSION = 'clientele:route-permission';

/**
 * Documents the permission a route needs (shown in the OpenAPI document as `x-permission`).
 * The check itself happens in the service, against the record's place in the scope tree.
 */
export const Permission = (permission: string, where = 'on the record or above') => SetMetadata(ROUTE_PERMISSION, { permission, where });
