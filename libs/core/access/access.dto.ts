import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export class CreateRoleDto {
  @IsString() @Matches(/^[a-z][a-z0-9_.-]{1,62}$/) code: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) permissions: string[];
  /** A role owned by a node (a customer, a service) can be granted only inside it. */
  @IsOptional() @IsUUID() ownerNodeId?: string;
}

export class UpdateRoleDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) permissions?: string[];
}

export class CreateUserGroupDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @IsOptional() @IsUUID() ownerNodeId?: string;
}

export class UpdateUserGroupDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsString() @MaxLength(2000) description?: string;
}

export class CreateGrantDto {
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsUUID() groupId?: string;
  @IsUUID() roleId: string;
  @IsUUID() nodeId: string;
}

export class ExplainQueryDto {
  @IsUUID() user: string;
  @IsString() @MaxLength(200) permission: string;
  @IsUUID() node: string;
}
