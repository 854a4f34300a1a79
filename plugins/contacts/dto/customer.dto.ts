import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsISO8601,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { LegalForm, TaxIdType } from '../entities/customer.entity.js';
import { TAX_ID_TYPES } from '../validation/tax-id.js';

export class TaxIdDto {
  @IsIn(TAX_ID_TYPES) type: TaxIdType;
  @IsString() @MinLength(1) @MaxLength(50) value: string;
}

/** Fields of the card a client may write; normalisation and check digits follow in customer-input.ts. */
export class CustomerFieldsDto {
  @IsOptional() @IsIn(['person', 'company']) legalForm?: LegalForm;
  @IsOptional() @IsString() @MaxLength(200) representative?: string | null;
  @IsOptional() @IsString() @MaxLength(200) street?: string | null;
  @IsOptional() @IsString() @MaxLength(100) city?: string | null;
  @IsOptional() @IsString() @MaxLength(20) postcode?: string | null;
  @IsOptional() @IsString() @Length(2, 2) @Matches(/^[A-Za-z]{2}$/) country?: string | null;
  @IsOptional() @IsString() @MaxLength(100) region?: string | null;
  /** Decimal (`49.96, 16.97`) or `49° 57' 53.19'' N, 16° 58' 25.24'' E`; stored as latitude/longitude. */
  @IsOptional() @IsString() @MaxLength(100) gps?: string | null;
  @IsOptional() @IsNumber() @Min(-90) @Max(90) latitude?: number | null;
  @IsOptional() @IsNumber() @Min(-180) @Max(180) longitude?: number | null;
  @IsOptional() @IsEmail() @MaxLength(320) email?: string | null;
  @IsOptional() @IsEmail() @MaxLength(320) billingEmail?: string | null;
  @IsOptional() @IsEmail() @MaxLength(320) technicalEmail?: string | null;
  @IsOptional() @IsEmail() @MaxLength(320) businessEmail?: string | null;
  @IsOptional() @IsString() @MaxLength(40) phone?: string | null;
  @IsOptional() @IsString() @MaxLength(40) mobile?: string | null;
  @IsOptional() @IsUrl({ require_protocol: false }) @MaxLength(300) web?: string | null;
  /** Code of a customer state (`connected`, `non_payer` …). */
  @IsOptional() @IsString() @MaxLength(50) state?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => TaxIdDto) taxIds?: TaxIdDto[];
  @IsOptional() @IsString() @MaxLength(50) bankAccount?: string | null;
  @IsOptional() @IsString() @MaxLength(50) iban?: string | null;
  @IsOptional() @IsString() @MaxLength(20) bic?: string | null;
  @IsOptional() @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) contractReturnedOn?: string | null;
  @IsOptional() @IsUUID() accountManagerId?: string | null;
  @IsOptional() @IsUUID() supportSpecialistId?: string | null;
  @IsOptional() @IsObject() customFields?: Record<string, unknown>;
}

export class CreateCustomerDto extends CustomerFieldsDto {
  @IsString() @MinLength(1) @MaxLength(300) name: string;
  /** Without it, the default address book (setting `contacts.defaultAddressBook`, else the oldest). */
  @IsOptional() @IsUUID() addressBookId?: string;
  /** Set explicitly only when importing; otherwise the next number is assigned. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(30) @Matches(/^[A-Za-z0-9._/-]+$/) number?: string;
  /** Template of the first service; without it, the first active template. */
  @IsOptional() @IsUUID() serviceTemplateId?: string;
}

export class UpdateCustomerDto extends CustomerFieldsDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300) name?: string;
  @IsOptional() @IsInt() @Min(1) version?: number;
}

export class MoveCustomerDto {
  @IsUUID() addressBookId: string;
  @IsOptional() @IsInt() @Min(1) version?: number;
}

export class SupportValueDto {
  @IsString() @MaxLength(200) value: string;
  @IsOptional() @IsString() @Matches(/^#[0-9a-fA-F]{6}$/) color?: string | null;
}
