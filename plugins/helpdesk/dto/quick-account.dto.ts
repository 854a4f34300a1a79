import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { SUBJECT_MAX_LENGTH } from '../constants.js';

export class CreateQuickAccountDto {
  /** The contact person's name. */
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsEmail() email?: string;
}

/** The request form's fields (sent as a form by the server-rendered page). */
export class QuickRequestForm {
  @IsString() @MinLength(1) @MaxLength(SUBJECT_MAX_LENGTH) subject: string;
  @IsString() @MinLength(1) @MaxLength(20_000) body: string;
}
