import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
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
  ValidateNested,
} from 'class-validator';
import { ListQueryDto } from '@clientele/core';
import { Omittable } from './omittable.js';
import { CLOCK_KINDS, type ClockKind } from '../clocks/clock-types.js';

const CODE = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** A month of minutes: a target longer than that is a mistake, not a promise. */
const MAX_TARGET_MINUTES = 60 * 24 * 31;

export class PauseRuleDto {
  /** A ticket state as the helpdesk names it, e.g. "waiting for customer". */
  @IsString() @MinLength(1) @MaxLength(100) state: string;
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn([...CLOCK_KINDS], { each: true }) clocks: ClockKind[];
}

/** Targets in business minutes; a clock without minutes is not measured on the level. No calendar: around the clock. */
export class LevelTargetsDto {
  @IsOptional() @IsInt() @Min(1) @Max(MAX_TARGET_MINUTES) firstResponseMinutes?: number | null;
  @IsOptional() @IsUUID() firstResponseCalendarId?: string | null;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_TARGET_MINUTES) nextResponseMinutes?: number | null;
  @IsOptional() @IsUUID() nextResponseCalendarId?: string | null;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_TARGET_MINUTES) resolutionMinutes?: number | null;
  @IsOptional() @IsUUID() resolutionCalendarId?: string | null;
}

export class NewLevelDto extends LevelTargetsDto {
  /** Stable code the helpdesk sends as severity, e.g. `critical`. */
  @IsString() @Matches(CODE, { message: 'code must be lower-case letters, digits, - or _' }) code: string;
  @IsString() @MinLength(1) @MaxLength(100) name: string;
  @IsOptional() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class CreateLevelDto extends NewLevelDto {
  @IsUUID() contractId: string;
}

export class UpdateLevelDto extends LevelTargetsDto {
  @IsInt() @Min(1) version: number;
  @Omittable() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @Omittable() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class CreateContractDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  /** Code of one of `levels`. */
  @IsString() @Matches(CODE, { message: 'defaultLevel must be a level code' }) defaultLevel: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => NewLevelDto)
  levels: NewLevelDto[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PauseRuleDto)
  pauses?: PauseRuleDto[];
  /** Percentages of a target at which to warn, e.g. [80]; default [80]. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(99, { each: true })
  warningPercents?: number[];
  /** Applies to records no assignment covers; at most one contract is the default. */
  @IsOptional() @IsBoolean() isDefault?: boolean;
}

export class UpdateContractDto {
  @IsInt() @Min(1) version: number;
  @Omittable() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @Omittable() @IsString() @Matches(CODE, { message: 'defaultLevel must be a level code' }) defaultLevel?: string;
  @Omittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PauseRuleDto)
  pauses?: PauseRuleDto[];
  @Omittable()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(99, { each: true })
  warningPercents?: number[];
  @Omittable() @IsBoolean() isDefault?: boolean;
}

/** `filter[contractId]` for one contract's levels; sorted by `position` unless `sort` says otherwise. */
export class LevelListQueryDto extends ListQueryDto {}
