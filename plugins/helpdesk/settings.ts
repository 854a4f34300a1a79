import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export const CUSTOMER_PEOPLE = ['supportSpecialist', 'accountManager'] as const;

/** The helpdesk's settings, edited by master admins (`/api/settings/helpdesk`). */
export class HelpdeskSettings {
  @ApiProperty({
    description:
      "Whose customer's responsible person gets new tickets first: the support specialist or the account manager",
    enum: CUSTOMER_PEOPLE,
  })
  @IsIn(CUSTOMER_PEOPLE)
  routeToCustomerPerson: (typeof CUSTOMER_PEOPLE)[number] = 'supportSpecialist';

  @ApiProperty({
    description: "Create a quick-request account for a new customer's contact person when the customer is registered",
  })
  @IsBoolean()
  quickAccountsForNewCustomers = true;

  @ApiProperty({ description: 'Days a quick-request secret works after it is issued; then it must be rotated' })
  @IsInt()
  @Min(1)
  @Max(3650)
  quickSecretDays = 365;

  @ApiProperty({ description: 'Wrong secrets in a row after which a quick-request account is locked for 15 minutes' })
  @IsInt()
  @Min(3)
  @Max(100)
  quickMaxFailures = 10;

  @ApiProperty({
    description: 'Where attachment contents are kept: in the database, or in a folder on disk',
    enum: ['database', 'disk'],
  })
  @IsIn(['database', 'disk'])
  attachmentStorage: 'database' | 'disk' = 'database';

  @ApiProperty({ description: 'The folder of attachments kept on disk (relative to the installation)' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  attachmentFolder = 'data/attachments';

  @ApiProperty({ description: 'Largest attachment accepted, in bytes' })
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  attachmentMaxBytes = 10 * 1024 * 1024;
}
