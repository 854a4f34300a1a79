import { Type } from 'class-transformer';
import { ListQueryDto } from '@clientele/core';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  ValidateNested,
} from 'class-validator';

export class PreviewPauseDto {
  @IsISO8601({ strict: true }) from: string;
  @IsISO8601({ strict: true }) to: string;
}

export class PreviewDto {
  @IsUUID() contractId: string;
  /** A level code of the contract; its default level when left out. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,39}$/, { message: 'level must be a level code' })
  level?: string;
  /** When the ticket would be created (ISO 8601 with an offset). */
  @IsISO8601({ strict: true }) start: string;
  /** Spells during which every clock stands still, e.g. waiting for the customer. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PreviewPauseDto)
  pauses?: PreviewPauseDto[];
}

/** The rows are few (levels × clocks) and come in one page; `limit` and `cursor` are accepted as on any list. */
export class PreviewRowsQueryDto extends ListQueryDto {
  /** When the ticket would come in; now when left out. */
  @IsOptional() @IsISO8601({ strict: true }) start?: string;
}
