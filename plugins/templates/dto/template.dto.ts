import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { ListQueryDto } from '@clientele/core';
import { TEMPLATE_CHANNELS, type TemplateChannel } from '../constants.js';

const BODY_LIMIT = 200_000;

export class CreateTemplateDto {
  /** `email`, `sms`, or `document` (printed as PDF, e.g. the service settings sheet). */
  @IsIn(TEMPLATE_CHANNELS) channel: TemplateChannel;
  /** Letters, digits, dots, dashes and underscores, e.g. `invoice.reminder`. */
  @IsString() @Matches(/^[a-z0-9][a-z0-9._-]{0,79}$/) code: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsString() @Matches(/^[a-z]{2}$/) language: string;
  /** The kind of record it is written for; `GET /api/template-variables` lists the contexts. */
  @IsString() @MaxLength(50) context: string;
  /** Required for e-mail. */
  @ValidateIf((o) => o.channel === 'email' || o.subject !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  subject?: string;
  @IsOptional() @IsString() @MaxLength(BODY_LIMIT) html?: string;
  /** The plain-text body of an e-mail, the SMS text or the document's text (required for SMS and documents). */
  @ValidateIf((o) => o.channel === 'sms' || o.channel === 'document' || o.text !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(BODY_LIMIT)
  text?: string;
}

export class UpdateTemplateDto {
  /** The version the client last saw; a stale one is answered with 409. */
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(1000) subject?: string;
  @IsOptional() @IsString() @MaxLength(BODY_LIMIT) html?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(BODY_LIMIT) text?: string;
}

/** `filter[channel]`, `filter[language]`, `filter[context]`; `deleted=include|only`. */
export class TemplateListQueryDto extends ListQueryDto {}

export class PreviewQueryDto {
  /** The record of the template's context to render with, e.g. a customer's id. */
  @IsString() @Matches(/^[0-9a-f-]{36}$/i) recordId: string;
}
