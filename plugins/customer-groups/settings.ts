import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'isTimeZone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown) {
    try {
      return (
        typeof value === 'string' && !!new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone
      );
    } catch {
      return false;
    }
  }
  defaultMessage() {
    return 'timeZone must be an IANA time zone such as Europe/Prague';
  }
}

/** The customer-groups plugin's settings, edited by master admins (`/api/settings/customer-groups`). */
export class CustomerGroupsSettings {
  @ApiProperty({
    description:
      'The operator\'s time zone: validity dates of memberships and price lists are days there, and "today" is its today',
  })
  @IsString()
  @MaxLength(64)
  @Validate(IsTimeZone)
  timeZone = 'Europe/Prague';
}
