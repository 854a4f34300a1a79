import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBase64,
  IsEmail,
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ListQueryDto } from '@clientele/core';
import { ADDRESS_KINDS, MAX_ATTACHMENTS, type AddressKind } from '../constants.js';
import { AttachedServiceSheetDto } from './service-sheet.dto.js';

export class AttachmentDto {
  @IsString() @MinLength(1) @MaxLength(200) @Matches(/^[^/\\\r\n]+$/) filename: string;
  @IsString() @Matches(/^[\w.+-]+\/[\w.+-]+$/) contentType: string;
  /** The file's bytes in Base64; the size limit is a setting. */
  @IsBase64() data: string;
}

/** An e-mail to a customer: from a template (subject editable) or written here. */
export class SendEmailDto {
  /** The customer the e-mail is about; its card gives the addresses and the template's values. */
  @IsUUID() customerId: string;
  /** The customer's addresses by kind: `main`, `billing` (else main), `technical`, `business`. */
  @IsOptional() @IsArray() @IsIn(ADDRESS_KINDS, { each: true }) addresses?: AddressKind[];
  /** Contact persons of the customer, by id (their e-mail). */
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsUUID('all', { each: true }) contactPersons?: string[];
  /** Addresses typed in. */
  @IsOptional() @IsArray() @ArrayMaxSize(50) @IsEmail({}, { each: true }) to?: string[];
  @IsOptional() @IsUUID() templateId?: string;
  /** Replaces the template's subject; required without a template. */
  @ValidateIf((o) => !o.templateId || o.subject !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  subject?: string;
  /** The body when there is no template: HTML (escaped variables) or plain text per `format`. */
  @ValidateIf((o) => !o.templateId) @IsString() @MinLength(1) @MaxLength(200_000) body?: string;
  @IsOptional() @IsIn(['html', 'text']) format?: 'html' | 'text';
  /** One of the configured mailboxes; default the one the user chose last. */
  @IsOptional() @IsEmail() mailbox?: string;
  /** Higher is delivered first (0 normal, up to 10). */
  @IsOptional() @IsInt() @Min(-10) @Max(10) priority?: number;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
  /** A service's settings sheet rendered as PDF and attached (one of the five attachments); the service must be the customer's. */
  @IsOptional() @ValidateNested() @Type(() => AttachedServiceSheetDto) serviceSheet?: AttachedServiceSheetDto;
}

/** One template to every customer `GET /api/customers` shows the caller for `q` and `filter`. */
export class BulkEmailDto {
  /** An e-mail template written for customers. */
  @IsUUID() templateId: string;
  /** The customers' addresses by kind; a customer with none of them is skipped. */
  @IsArray() @ArrayMinSize(1) @IsIn(ADDRESS_KINDS, { each: true }) addresses: AddressKind[];
  /** One of the configured mailboxes; default the one the user chose last. */
  @IsOptional() @IsEmail() mailbox?: string;
  /** Higher is delivered first (0 normal, up to 10). */
  @IsOptional() @IsInt() @Min(-10) @Max(10) priority?: number;
  /** The customer list's search. */
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  /** The customer list's filters, as `filter[…]` there. */
  @IsOptional() @IsObject() filter?: Record<string, unknown>;
}

/** `filter[status]`, `filter[channel]`, `filter[customerId]`. */
export class MessageListQueryDto extends ListQueryDto {}

export class ResendDto {
  @IsOptional() @IsInt() @Min(-10) @Max(10) priority?: number;
}

export const atLeastOneRecipient = (dto: SendEmailDto) =>
  (dto.addresses?.length ?? 0) + (dto.contactPersons?.length ?? 0) + (dto.to?.length ?? 0) > 0;
