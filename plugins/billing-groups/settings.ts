import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';

/** The billing settings, edited by master admins (`/api/settings/billing-groups`); customers may override some. */
export class BillingSettings {
  @ApiProperty({ description: 'Days an invoice is due in, unless the customer has its own' })
  @IsInt()
  @Min(0)
  @Max(365)
  invoiceDueDays = 14;

  @ApiProperty({
    description:
      'Suspend customers whose oldest unpaid invoice is overdue (the nightly job); off: the job only restores those who paid',
  })
  @IsBoolean()
  suspendNonPayers = false;

  @ApiProperty({
    description: 'Days after the due date before a non-payer is suspended, unless the customer has its own',
  })
  @IsInt()
  @Min(0)
  @Max(3650)
  suspendAfterDays = 15;

  @ApiProperty({
    description: 'A customer is suspended only when the unpaid amount exceeds this, in minor units (haléře, cents)',
  })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000_000)
  suspendMinimumMinor = 0;
}
