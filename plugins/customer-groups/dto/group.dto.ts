import {
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { HistoryQueryDto, ListQueryDto } from '@clientele/core';
import { IsCalendarDate } from '../calendar.js';

export class CreateGroupDto {
  /** Short and unique among live groups, e.g. `VIP`. */
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, {
    message: 'code must be 1–40 letters, digits, dots, dashes or underscores',
  })
  code: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'colour must be #rrggbb' }) colour?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) description?: string | null;
  /** Smaller ranks first when a customer's groups disagree (prices, responsibility). */
  @IsInt() @Min(-1_000_000) @Max(1_000_000) priority: number;
  /** An SLA contract (the sla plugin's); checked only while that plugin is enabled. */
  @IsOptional() @IsUUID() slaContractId?: string | null;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(60) defaultSlaLevel?: string | null;
}

export class UpdateGroupDto {
  @IsInt() @Min(1) version: number;
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, {
    message: 'code must be 1–40 letters, digits, dots, dashes or underscores',
  })
  code?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @Matches(/^#[0-9a-fA-F]{6}$/, { message: 'colour must be #rrggbb' }) colour?: string | null;
  @IsOptional() @IsString() @MaxLength(2000) description?: string | null;
  @IsOptional() @IsInt() @Min(-1_000_000) @Max(1_000_000) priority?: number;
  @IsOptional() @IsUUID() slaContractId?: string | null;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(60) defaultSlaLevel?: string | null;
}

/** `filter[code]`, `q` (name or code), `sort=priority|name|code`. */
export class GroupListQueryDto extends ListQueryDto {}

export class AddMemberDto {
  @IsUUID() groupId: string;
  @IsUUID() customerId: string;
  /** First day of membership (the operator's time zone); open when left out. */
  @IsOptional() @IsCalendarDate() validFrom?: string | null;
  /** First day no longer a member; open when left out. */
  @IsOptional() @IsCalendarDate() validTo?: string | null;
}

export class UpdateMembershipDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsCalendarDate() validFrom?: string | null;
  @IsOptional() @IsCalendarDate() validTo?: string | null;
}

/** Members of a group, or groups of a customer, as of a day (today by default) or `all=true` for every membership. */
export class MembersQueryDto extends HistoryQueryDto {
  @IsOptional() @IsCalendarDate() asOf?: string;
  @IsOptional() @Matches(/^(true|false)$/) all?: string;
}

/**
 * Add or remove, in the background, every customer the contacts list would show for `q` and
 * `filter` (the same parameters as `GET /api/customers`), among those the caller may read.
 */
export class BulkMembersDto {
  @IsIn(['add', 'remove']) action: 'add' | 'remove';
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @IsObject() filter?: Record<string, unknown>;
  /** For `add`: the new memberships' days. */
  @IsOptional() @IsCalendarDate() validFrom?: string;
  @IsOptional() @IsCalendarDate() validTo?: string;
  /** For `remove`: the first day the customers are no longer members (today by default); memberships starting later are deleted. */
  @IsOptional() @IsCalendarDate() from?: string;
}
