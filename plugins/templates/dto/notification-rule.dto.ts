import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ListQueryDto } from '@clientele/core';
import { ADDRESS_KINDS, RECIPIENT_KINDS, type AddressKind, type RecipientKind } from '../constants.js';

export class CreateNotificationRuleDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  /** One of `GET /api/notification-rules/events`, e.g. `ticket.created`. */
  @IsString() @Matches(/^[a-z0-9-]+(\.[a-z0-9_-]+)+$/) @MaxLength(100) eventType: string;
  @IsUUID() templateId: string;
  @IsIn(RECIPIENT_KINDS) recipientKind: RecipientKind;
  /** Required when `recipientKind` is `customer` and the template is an e-mail. */
  @IsOptional() @IsIn(ADDRESS_KINDS) addressKind?: AddressKind;
  /** Required when `recipientKind` is `user`. */
  @ValidateIf((o) => o.recipientKind === 'user') @IsUUID() userId?: string;
  /** Required when `recipientKind` is `group`. */
  @ValidateIf((o) => o.recipientKind === 'group') @IsUUID() groupId?: string;
  @IsOptional() @IsInt() @Min(-10) @Max(10) priority?: number;
  @IsOptional() @IsBoolean() isActive?: boolean;
}

export class UpdateNotificationRuleDto {
  /** The version the client last saw; a stale one is answered with 409. */
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsUUID() templateId?: string;
  @IsOptional() @IsIn(RECIPIENT_KINDS) recipientKind?: RecipientKind;
  @IsOptional() @IsIn(ADDRESS_KINDS) addressKind?: AddressKind;
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsUUID() groupId?: string;
  @IsOptional() @IsInt() @Min(-10) @Max(10) priority?: number;
  @IsOptional() @IsBoolean() isActive?: boolean;
}

/** `filter[eventType]`; `deleted=include|only`. */
export class NotificationRuleListQueryDto extends ListQueryDto {}
