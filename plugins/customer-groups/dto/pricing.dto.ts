import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ListQueryDto } from '@clientele/core';
import { IsCalendarDate } from '../calendar.js';

const MONEY = /^\d{1,10}(\.\d{1,4})?$/;
const MONEY_MESSAGE = { message: '$property must be a decimal number such as 120 or 99.90 (up to 4 decimals)' };
const CURRENCY = /^[A-Z]{3}$/;
const CURRENCY_MESSAGE = { message: 'currency must be an ISO 4217 code such as CZK or EUR' };
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,59}$/;

export class CreateProductDto {
  @IsString()
  @Matches(CODE, { message: 'code must be 1–60 letters, digits, dots, dashes, slashes or underscores' })
  code: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  /** pcs, h, month, GB … */
  @IsString() @MinLength(1) @MaxLength(20) unit: string;
  @IsString() @Matches(MONEY, MONEY_MESSAGE) basePrice: string;
  @IsString() @Matches(CURRENCY, CURRENCY_MESSAGE) currency: string;
  /** Percent, e.g. 21. */
  @IsString()
  @Matches(/^\d{1,2}(\.\d{1,2})?$/, { message: 'vatRate must be a percentage such as 21 or 12.5' })
  vatRate: string;
  /** A contacts service template this product prices. */
  @IsOptional() @IsUUID() serviceTemplateId?: string | null;
}

export class UpdateProductDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20) unit?: string;
  @IsOptional() @IsString() @Matches(MONEY, MONEY_MESSAGE) basePrice?: string;
  @IsOptional() @IsString() @Matches(CURRENCY, CURRENCY_MESSAGE) currency?: string;
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,2}(\.\d{1,2})?$/, { message: 'vatRate must be a percentage such as 21 or 12.5' })
  vatRate?: string;
  @IsOptional() @IsUUID() serviceTemplateId?: string | null;
}

export class CreatePriceListDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsString() @Matches(CURRENCY, CURRENCY_MESSAGE) currency: string;
  /** First day it applies, in the operator's time zone; open when left out. */
  @IsOptional() @IsCalendarDate() validFrom?: string | null;
  /** First day it no longer applies (half-open); open when left out. */
  @IsOptional() @IsCalendarDate() validTo?: string | null;
}

export class UpdatePriceListDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @Matches(CURRENCY, CURRENCY_MESSAGE) currency?: string;
  @IsOptional() @IsCalendarDate() validFrom?: string | null;
  @IsOptional() @IsCalendarDate() validTo?: string | null;
}

export class CreatePriceListItemDto {
  @IsUUID() priceListId: string;
  @IsUUID() productId: string;
  @IsString() @Matches(MONEY, MONEY_MESSAGE) price: string;
  /** The price holds from this quantity up; 0 (the default) for any quantity. */
  @IsOptional() @IsString() @Matches(MONEY, MONEY_MESSAGE) minQuantity?: string;
}

export class UpdatePriceListItemDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @Matches(MONEY, MONEY_MESSAGE) price?: string;
  @IsOptional() @IsString() @Matches(MONEY, MONEY_MESSAGE) minQuantity?: string;
}

export class AttachPriceListDto {
  @IsUUID() groupId: string;
  @IsUUID() priceListId: string;
  /** 1 first; a list already at the position is refused (409). */
  @IsInt() @Min(1) @Max(1000) position: number;
}

export class MovePriceListDto {
  @IsInt() @Min(1) version: number;
  @IsInt() @Min(1) @Max(1000) position: number;
}

export class CreateIndividualPriceDto {
  @IsUUID() customerId: string;
  @IsUUID() productId: string;
  @IsString() @Matches(MONEY, MONEY_MESSAGE) price: string;
  @IsString() @Matches(CURRENCY, CURRENCY_MESSAGE) currency: string;
  @IsOptional() @IsString() @Matches(MONEY, MONEY_MESSAGE) minQuantity?: string;
  @IsOptional() @IsCalendarDate() validFrom?: string | null;
  @IsOptional() @IsCalendarDate() validTo?: string | null;
}

export class UpdateIndividualPriceDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @Matches(MONEY, MONEY_MESSAGE) price?: string;
  @IsOptional() @IsString() @Matches(CURRENCY, CURRENCY_MESSAGE) currency?: string;
  @IsOptional() @IsString() @Matches(MONEY, MONEY_MESSAGE) minQuantity?: string;
  @IsOptional() @IsCalendarDate() validFrom?: string | null;
  @IsOptional() @IsCalendarDate() validTo?: string | null;
}

/** One product's price (`product` = its id or code), or the whole catalogue when `product` is left out. */
export class PriceQueryDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(60) product?: string;
  /** Default 1. */
  @IsOptional() @Type(() => String) @Matches(MONEY, MONEY_MESSAGE) quantity?: string;
  /** The day to price on; today in the operator's time zone by default. */
  @IsOptional() @IsCalendarDate() date?: string;
  /** Only rules in this currency compete (others lose as `OTHER_CURRENCY`). */
  @IsOptional() @Matches(CURRENCY, CURRENCY_MESSAGE) currency?: string;
  /** The catalogue only: products per page (default: the whole catalogue in one answer). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit?: number;
  /** The catalogue only: the `nextCursor` of the previous page. */
  @IsOptional() @IsString() @MaxLength(400) cursor?: string;
  /** `false`: only the price and the deciding rule's id and kind, without the explanation (an order form's answer). */
  @IsOptional() @Matches(/^(true|false)$/, { message: 'why must be true or false' }) why?: string;
}

export class CreateQuoteDto {
  @IsString() @MinLength(1) @MaxLength(60) product: string;
  @IsString() @Matches(MONEY, MONEY_MESSAGE) quantity: string;
  @IsOptional() @IsCalendarDate() date?: string;
  @IsOptional() @Matches(CURRENCY, CURRENCY_MESSAGE) currency?: string;
}

/** `q` searches code and name. */
export class CatalogueQueryDto extends ListQueryDto {}
