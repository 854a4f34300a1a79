import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ListQueryDto } from '@clientele/core';
import { SUBJECT_MAX_LENGTH } from '../constants.js';

export class CreateQuickAccountDto {
  /** The contact person's name. */
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsEmail() email?: string;
}

/** A new account of the customer named here. */
export class NewQuickAccountDto extends CreateQuickAccountDto {
  @IsUUID() customerId: string;
}

/** `filter[customerId]`. */
export class QuickAccountsQueryDto extends ListQueryDto {}

/** The request form's fields (sent as a form by the server-rendered page). */
export class QuickRequestForm {
  @IsString() @MinLength(1) @MaxLength(SUBJECT_MAX_LENGTH) subject: string;
  @IsString() @MinLength(1) @MaxLength(20_000) body: string;
}
