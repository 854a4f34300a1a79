import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ListQueryDto } from '@clientele/core';
import { MAX_EXTRA_VARIABLE_SYMBOLS } from '../constants.js';

/** The card's billing tab. `null` for due days or suspension days falls back to the system setting. */
export class UpdateBillingAccountDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsUUID() paymentTypeId?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(365) dueDays?: number | null;
  @IsOptional() @IsBoolean() invoiceByPost?: boolean;
  @IsOptional() @IsBoolean() invoiceByEmail?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(3650) suspendAfterDays?: number | null;
  @IsOptional() @IsBoolean() neverSuspend?: boolean;
  /** Up to 3 symbols (digits, at most 10) the customer's payments quote instead of the customer number. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_EXTRA_VARIABLE_SYMBOLS)
  @IsString({ each: true })
  @Matches(/^\d{1,10}$/, { each: true })
  extraVariableSymbols?: string[];
}

export class MoveBillingAccountDto {
  /** The version last seen; when given, a stale one is answered with 409. */
  @IsOptional() @IsInt() @Min(1) version?: number;
  @IsUUID() groupId: string;
}

/**
 * `filter[groupId]`, `filter[nonPayer]`, `filter[balanceMinor][gte|lte]`, `filter[scoreTotal][gte|lte]`,
 * `filter[scoreAverage][gte|lte]`; sort by `balanceMinor`, `scoreTotal`, `scoreAverage`.
 */
export class BillingAccountListQueryDto extends ListQueryDto {}
