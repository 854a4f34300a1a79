import type { EntityManager } from 'typeorm';

/** What pg-boss runs its statements through (its `db` option). */
export interface BossExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/**
 * Runs pg-boss's statements on the caller's transaction, so a job enqueued, completed or failed
 * together with other writes commits or rolls back with them.
 */
export function transactionExecutor(manager: EntityManager): BossExecutor {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('Enqueueing with a manager needs one inside a transaction');
  return {
    async executeSql(text, values) {
      const result = await runner.query(text, values as unknown[], true);
      return { rows: result.records ?? [] };
    },
  };
}
