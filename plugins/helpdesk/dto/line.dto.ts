import { IsString, MaxLength, MinLength } from 'class-validator';
import { ListQueryDto } from '@clientele/core';

export class ConnectLineDto {
  /** The company the user works for. */
  @IsString() @MinLength(1) @MaxLength(200) company: string;
}

/** `filter[areaId]`, `filter[company]` (part of the name), `filter[userId]`, `filter[connected]=true|false`. */
export class LineUsersQueryDto extends ListQueryDto {}
