import { ViewColumn, ViewEntity } from 'typeorm';

const bigint = { to: (v: number) => v, from: (v: string) => Number(v) };

/** A row of the accounts list (the view billing_account_rows): what it filters and sorts by. */
@ViewEntity({ name: 'billing_account_rows', synchronize: false })
export class BillingAccountRow {
  @ViewColumn() id: string;
  @ViewColumn() groupId: string;
  @ViewColumn() customerNumber: string;
  @ViewColumn() customerName: string;
  @ViewColumn() nonPayer: boolean;
  @ViewColumn() neverSuspend: boolean;
  @ViewColumn() disabledAt: Date | null;
  @ViewColumn({ transformer: bigint }) balanceMinor: number;
  @ViewColumn() scoreTotal: number;
  @ViewColumn({
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  scoreAverage: number | null;
}
