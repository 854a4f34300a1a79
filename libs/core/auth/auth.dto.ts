import {
  IsBoolean,
  IsEmail,
  IsInt,
  Min,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsNotCommonPassword } from './password-rules.js';

export class LoginDto {
  @IsEmail() @MaxLength(320) email: string;
  @IsString() @MinLength(1) @MaxLength(500) password: string;
}

export class ActivateDto {
  @IsString() @MaxLength(200) token: string;
  @IsString() @MinLength(8) @MaxLength(500) @IsNotCommonPassword() password: string;
}

export class CreateApiKeyDto {
  @IsString() @MinLength(1) @MaxLength(100) name: string;
  /** Master admins may issue a key acting as another user. */
  @IsOptional() @IsUUID() userId?: string;
}

export class CreateUserDto {
  @IsEmail() @MaxLength(320) email: string;
  @IsString() @MinLength(1) @MaxLength(200) displayName: string;
  /** Without a password the answer carries an activation token instead. */
  @IsOptional() @IsString() @MinLength(8) @MaxLength(500) @IsNotCommonPassword() password?: string;
  @IsOptional() @IsBoolean() isMasterAdmin?: boolean;
}

export class UpdateUserDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) displayName?: string;
  @IsOptional() @IsBoolean() isActive?: boolean;
  @IsOptional() @IsString() @MinLength(8) @MaxLength(500) @IsNotCommonPassword() password?: string;
  @IsOptional() @IsObject() preferences?: Record<string, unknown>;
  @IsOptional() @IsInt() @Min(1) version?: number;
}

export class UpdatePreferencesDto {
  @IsObject() preferences: Record<string, unknown>;
}
