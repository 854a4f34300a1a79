import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
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
  ValidateNested,
} from 'class-validator';
import { ListQueryDto } from '@clientele/core';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Keeps every total below 2^53 minor units, where JavaScript integers stay exact. */
const MAX_MINOR = 1_000_000_000_000;

/**
 * A line gives its price, or names a product (customer groups' catalogue) whose price for the
 * customer on the issue date it takes, with the rule that decided it. An explicit price wins.
 */
export class InvoiceLineDto {
  /** Default: the product's name, for a line that names a product. */
  @ValidateIf((line: InvoiceLineDto) => line.productCode === undefined || line.description !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  description?: string;
  @IsInt() @Min(1) @Max(1_000_000) quantity: number;
  /** Price per unit in minor units (haléře, cents); negative for a discount line. */
  @ValidateIf((line: InvoiceLineDto) => line.productCode === undefined || line.unitPriceMinor !== undefined)
  @IsInt()
  @Min(-MAX_MINOR)
  @Max(MAX_MINOR)
  unitPriceMinor?: number;
  /** A product's code: without `unitPriceMinor` the line is priced from customer groups. */
  @IsOptional() @IsString() @Matches(/\S/) @MaxLength(60) productCode?: string;
}

export class IssueInvoiceDto {
  @IsUUID() customerId: string;
  /** Default today. */
  @IsOptional() @IsISO8601({ strict: true }) @Matches(DATE) issuedOn?: string;
  /** Default: issue date + the customer's due days (else the system's). */
  @IsOptional() @IsISO8601({ strict: true }) @Matches(DATE) dueOn?: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => InvoiceLineDto)
  lines: InvoiceLineDto[];
}

export class IssueInvoicesInBulkDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => IssueInvoiceDto)
  invoices: IssueInvoiceDto[];
}

export class CancelInvoiceDto {
  /** The version last seen; when given, a stale one is answered with 409. */
  @IsOptional() @IsInt() @Min(1) version?: number;
}

/** `filter[customerId]`, `filter[groupId]`, `filter[status]`, `filter[issuedOn][gte|lte]`, `filter[dueOn][gte|lte]`; `q` finds a number. */
export class InvoiceListQueryDto extends ListQueryDto {}
