import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ListQueryDto } from '@clientele/core';

export class BillingGroupFieldsDto {
  @IsOptional() @IsString() @MaxLength(20) companyId?: string | null;
  @IsOptional() @IsString() @MaxLength(20) vatId?: string | null;
  @IsOptional() @IsString() @MaxLength(200) street?: string | null;
  @IsOptional() @IsString() @MaxLength(100) city?: string | null;
  @IsOptional() @IsString() @MaxLength(20) postcode?: string | null;
  @IsOptional() @IsString() @Length(2, 2) @Matches(/^[A-Za-z]{2}$/) country?: string | null;
  /** The group's bank accounts; statements arriving on them land in the group's queue. */
  @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @MaxLength(50, { each: true }) ibans?: string[];
  /** `{YYYY}`, `{YY}`, `{MM}` and one `{seq:N}`, e.g. `{YYYY}{seq:6}`. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(40) numberPattern?: string;
  @IsOptional() @IsString() @Matches(/^[A-Z]{3}$/) currency?: string;
  /** New customers land in the default group; making one default unmarks the other. */
  @IsOptional() @IsBoolean() isDefault?: boolean;
}

export class CreateBillingGroupDto extends BillingGroupFieldsDto {
  /** The legal name printed on invoices. */
  @IsString() @MinLength(1) @MaxLength(200) name: string;
}

export class UpdateBillingGroupDto extends BillingGroupFieldsDto {
  @IsInt() @Min(1) version: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
}

export class GroupImageDto {
  @IsIn(['image/png', 'image/jpeg']) contentType: 'image/png' | 'image/jpeg';
  /** The image, base64-encoded; at most 1 MB. */
  @IsString() @MinLength(4) @MaxLength(1_400_000) data: string;
}

/** `filter[isDefault]`; `q` searches the name. */
export class BillingGroupListQueryDto extends ListQueryDto {}
