import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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
  ValidateNested,
} from 'class-validator';
import { SERVICE_STATUSES, type ServiceStatus } from '../entities/service.entity.js';

export class VersionDto {
  @IsOptional() @IsInt() @Min(1) version?: number;
}

/** `DELETE …?version=3`: the version the client last saw. */
export class VersionQuery {
  @IsOptional() @Matches(/^\d{1,9}$/) version?: string;
}

export class AddressBookDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class UpdateAddressBookDto extends VersionDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class ConsumerDto {
  @IsString() @MinLength(1) @MaxLength(300) name: string;
}

export class UpdateConsumerDto extends VersionDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300) name?: string;
}

export class CreateServiceDto {
  @IsOptional() @IsUUID() templateId?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300) name?: string;
  @IsOptional() @IsObject() settings?: Record<string, unknown>;
}

export class UpdateServiceDto extends VersionDto {
  @IsOptional() @IsUUID() templateId?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(300) name?: string;
  @IsOptional() @IsIn(SERVICE_STATUSES) status?: ServiceStatus;
  @IsOptional() @IsObject() settings?: Record<string, unknown>;
}

export class ServiceTemplateDto {
  @IsString() @Matches(/^[a-z0-9][a-z0-9_-]{0,49}$/) code: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsObject() defaultSettings?: Record<string, unknown>;
  @IsOptional() @IsBoolean() isActive?: boolean;
}

export class UpdateServiceTemplateDto extends VersionDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsObject() defaultSettings?: Record<string, unknown>;
  @IsOptional() @IsBoolean() isActive?: boolean;
}

export class CustomerStateDto {
  @IsString() @Matches(/^[a-z][a-z0-9_]{0,49}$/) code: string;
  @IsString() @MinLength(1) @MaxLength(100) name: string;
  @IsOptional() @IsString() @Matches(/^#[0-9a-fA-F]{6}$/) color?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class UpdateCustomerStateDto extends VersionDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @IsOptional() @IsString() @Matches(/^#[0-9a-fA-F]{6}$/) color?: string | null;
  @IsOptional() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class SupportParameterDto {
  @IsString() @Matches(/^[a-z][a-z0-9_]{0,62}$/) code: string;
  @IsString() @MinLength(1) @MaxLength(100) name: string;
  @IsInt() @Min(1) @Max(7) position: number;
  @IsOptional() @IsBoolean() visibleToCustomer?: boolean;
  @IsOptional() @IsBoolean() visibleToStaff?: boolean;
}

export class UpdateSupportParameterDto extends VersionDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @IsOptional() @IsBoolean() visibleToCustomer?: boolean;
  @IsOptional() @IsBoolean() visibleToStaff?: boolean;
}

/** One choice of a `select` variable. */
export class CustomVariableOptionDto {
  @IsString() @MinLength(1) @MaxLength(100) value: string;
  @IsString() @MinLength(1) @MaxLength(200) label: string;
}

export class CustomVariableDto {
  @IsString() @Matches(/^[a-z][a-z0-9_]{0,62}$/) key: string;
  @IsString() @MinLength(1) @MaxLength(100) label: string;
  @IsIn(['text', 'number', 'boolean', 'date', 'select']) type: 'text' | 'number' | 'boolean' | 'date' | 'select';
  @IsOptional() defaultValue?: unknown;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CustomVariableOptionDto)
  options?: CustomVariableOptionDto[];
  @IsOptional() @IsBoolean() required?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class UpdateCustomVariableDto extends VersionDto {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) label?: string;
  @IsOptional() defaultValue?: unknown;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CustomVariableOptionDto)
  options?: CustomVariableOptionDto[];
  @IsOptional() @IsBoolean() required?: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(1000) position?: number;
}

export class PortalLoginDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsString() @MaxLength(200) position?: string;
  /** The login name; required when the setting `contacts.portalLogin` is `entered`, else the customer number is used. */
  @IsOptional() @IsString() @MaxLength(320) login?: string;
  @IsOptional() @IsString() @MaxLength(320) email?: string;
}

export class GrantInCustomerDto {
  @IsUUID() userId: string;
  @IsUUID() roleId: string;
  /** The customer itself or a consumer/service inside it. */
  @IsUUID() nodeId: string;
}
