import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ListQueryDto } from '@clientele/core';

export class ConnectLineDto {
  /** The company the user works for. */
  @IsString() @MinLength(1) @MaxLength(200) company: string;
}

/** `filter[areaId]`, `filter[company]` (part of the name), `filter[userId]`, `filter[connected]=true|false`. */
export class LineUsersQueryDto extends ListQueryDto {}

/** Connections to end at once (a page of the list at most). */
export class DisconnectLinesDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids: string[];
}
