import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import { ListQueryDto } from '@clientele/core';

export class CreateAreaDto {
  /** Lower-case letters, digits and dashes; matched by customer groups' process areas. */
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{0,49}$/) code: string;
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  @IsOptional() @IsBoolean() isPublic?: boolean;
  @IsOptional() @IsBoolean() isDefault?: boolean;
  @IsOptional() @IsUUID() defaultAssigneeUserId?: string | null;
  @IsOptional() @IsUUID() defaultAssigneeGroupId?: string | null;
  @IsOptional() @IsUUID() defaultSlaContractId?: string | null;
}

export class UpdateAreaDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @IsOptional() @IsBoolean() isPublic?: boolean;
  @IsOptional() @IsBoolean() isDefault?: boolean;
  @IsOptional() @IsUUID() defaultAssigneeUserId?: string | null;
  @IsOptional() @IsUUID() defaultAssigneeGroupId?: string | null;
  @IsOptional() @IsUUID() defaultSlaContractId?: string | null;
}

/** `filter[isPublic]`; `q` searches the name. */
export class AreaListQueryDto extends ListQueryDto {}
