import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An imported bank statement; its payments are the business records (with history), the statement only says where they came from. */
@Entity('billing_statements')
export class BankStatement {
  @PrimaryColumn('uuid') id: string;
  @Column({ type: 'text' }) format: 'gpc' | 'camt053';
  @Column() digest: string;
  @Column({ type: 'text', nullable: true }) account: string | null;
  @Column({ type: 'text', nullable: true }) reference: string | null;
  @Column({ type: 'date', nullable: true }) statementDate: string | null;
  @Column({ type: 'uuid', nullable: true }) groupId: string | null;
  /** Not read with the statement: only the import job needs it. */
  @Column({ type: 'bytea', select: false }) file: Buffer;
  @Column({ type: 'text' }) status: 'pending' | 'imported';
  @Column() skippedCount: number;
  @Column() paymentCount: number;
  @Column() matchedCount: number;
  @Column({ type: 'uuid', nullable: true }) importedBy: string | null;
  @Column({ type: 'timestamptz' }) importedAt: Date;
}
