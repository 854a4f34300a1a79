import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { SMS_TEXT_LIMIT } from '../constants.js';

/** An SMS about a customer: to its mobile, or to a technician (a user with a phone); from a template or typed. */
export class SendSmsDto {
  /** The customer the SMS is about; its card gives the mobile number and the template's values. */
  @IsUUID() customerId: string;
  /** A technician to send to instead of the customer (the phone in the user's preferences). */
  @IsOptional() @IsUUID() userId?: string;
  /** An SMS template written for customers. */
  @IsOptional() @IsUUID() templateId?: string;
  /** The text when there is no template. */
  @ValidateIf((o) => !o.templateId) @IsString() @MinLength(1) @MaxLength(SMS_TEXT_LIMIT) text?: string;
  /** Higher is delivered first (0 normal, up to 10). */
  @IsOptional() @IsInt() @Min(-10) @Max(10) priority?: number;
}

export class SmsPartsDto {
  @IsString() @MaxLength(SMS_TEXT_LIMIT) text: string;
}
