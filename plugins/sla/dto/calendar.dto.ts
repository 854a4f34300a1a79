import { Type } from 'class-transformer';
import { Omittable } from './omittable.js';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

export class WorkingWindowDto {
  /** Local wall time the window opens, `HH:mm`. */
  @IsString() @Matches(TIME, { message: 'from must be a time HH:mm' }) from: string;
  /** Local wall time it closes, `HH:mm` or `24:00`; after `from`. */
  @IsString() @Matches(END_TIME, { message: 'to must be a time HH:mm or 24:00' }) to: string;
}

const windows = () => [
  IsOptional(),
  IsArray(),
  ArrayMaxSize(12),
  ValidateNested({ each: true }),
  Type(() => WorkingWindowDto),
];
const apply =
  (decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

/** Working windows per weekday; a missing day has none. */
export class WeekDto {
  @apply(windows()) mon?: WorkingWindowDto[];
  @apply(windows()) tue?: WorkingWindowDto[];
  @apply(windows()) wed?: WorkingWindowDto[];
  @apply(windows()) thu?: WorkingWindowDto[];
  @apply(windows()) fri?: WorkingWindowDto[];
  @apply(windows()) sat?: WorkingWindowDto[];
  @apply(windows()) sun?: WorkingWindowDto[];
}

export class HolidayDto {
  /** `YYYY-MM-DD` for one day, `MM-DD` for that day every year. */
  @IsString() @Matches(/^(?:\d{4}-)?\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD or MM-DD' }) date: string;
  @IsOptional() @IsString() @MaxLength(200) name?: string;
}

export class PublicHolidaysDto {
  /** ISO 3166 country code, e.g. CZ. */
  @IsString() @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter country code' }) country: string;
  @IsOptional() @IsString() @MaxLength(10) state?: string;
  @IsOptional() @IsString() @MaxLength(10) region?: string;
}

export class CreateCalendarDto {
  @IsString() @MinLength(1) @MaxLength(200) name: string;
  /** IANA time zone, e.g. Europe/Prague. */
  @IsString() @MaxLength(100) timeZone: string;
  /** Counts every minute; windows and holidays are then ignored. */
  @IsOptional() @IsBoolean() aroundTheClock?: boolean;
  @IsOptional() @ValidateNested() @Type(() => WeekDto) week?: WeekDto;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => HolidayDto)
  holidays?: HolidayDto[];
  /** A country's public holidays as days off; null for none. */
  @IsOptional() @ValidateNested() @Type(() => PublicHolidaysDto) publicHolidays?: PublicHolidaysDto | null;
}

export class UpdateCalendarDto {
  /** The version the client last saw; a stale one is answered with 409. */
  @IsInt() @Min(1) version: number;
  @Omittable() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @Omittable() @IsString() @MaxLength(100) timeZone?: string;
  @Omittable() @IsBoolean() aroundTheClock?: boolean;
  @Omittable() @ValidateNested() @Type(() => WeekDto) week?: WeekDto;
  @Omittable()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => HolidayDto)
  holidays?: HolidayDto[];
  @IsOptional() @ValidateNested() @Type(() => PublicHolidaysDto) publicHolidays?: PublicHolidaysDto | null;
}
