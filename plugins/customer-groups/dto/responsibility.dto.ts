import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { HistoryQueryDto } from '@clientele/core';
import { IsCalendarDate } from '../calendar.js';

const OWN_PEOPLE = ['accountManager', 'supportSpecialist'];

export class CreateProcessAreaDto {
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/, {
    message: 'code must be 1–40 lower-case letters, digits, dashes or underscores',
  })
  code: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  /** Which of the customer's own people (contacts) answers first: `accountManager` or `supportSpecialist`. */
  @IsOptional() @IsIn(OWN_PEOPLE) ownPerson?: 'accountManager' | 'supportSpecialist' | null;
  @IsOptional() @IsUUID() defaultWorkerId?: string | null;
}

export class UpdateProcessAreaDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsIn(OWN_PEOPLE) ownPerson?: 'accountManager' | 'supportSpecialist' | null;
  @IsOptional() @IsUUID() defaultWorkerId?: string | null;
}

export class SetResponsibilityDto {
  @IsUUID() groupId: string;
  @IsUUID() processAreaId: string;
  @IsUUID() workerId: string;
  /** Only this user group may see the group's messages in the area. */
  @IsOptional() @IsUUID() userGroupId?: string | null;
  /** Helpdesk area only: the helpdesk area (queue) the group's tickets go to. */
  @IsOptional() @IsUUID() helpdeskAreaId?: string | null;
}

export class UpdateResponsibilityDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsUUID() workerId?: string;
  @IsOptional() @IsUUID() userGroupId?: string | null;
  @IsOptional() @IsUUID() helpdeskAreaId?: string | null;
}

export class ResponsibilityQueryDto {
  /** The process area's code (or id). */
  @IsString() @MinLength(1) @MaxLength(60) area: string;
  /** The day whose group memberships count; today in the operator's time zone by default. */
  @IsOptional() @IsCalendarDate() date?: string;
}

/** A customer's responsibility in every process area, paged by area code (`limit`, `cursor`) like any list. */
export class CustomerResponsibilitiesQueryDto extends HistoryQueryDto {
  @IsOptional() @IsCalendarDate() date?: string;
}
