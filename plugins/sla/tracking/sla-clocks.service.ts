import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { clocks } from '../clocks/clocks.js';
import type { ClockReading } from '../clocks/clock-types.js';
import type { SlaClockOwner, SlaRecordHistory } from './clock-owner.js';
import { ContractChooser, type ContractChoice, type ContractReason } from './contract-choice.js';
import { ContractTermsLoader, type LoadedContract } from './contract-terms.js';
import { storeClocks, type ComputedRecord } from './clock-store.js';

/** What `GET …/sla` of a record answers: which contract and level apply and why, and the clocks. */
export interface SlaExplanation {
  contract: { id: string; name: string; because: ContractReason } | null;
  level: { code: string; name: string; source: 'assessed' | 'default' } | null;
  clocks: (ClockReading & { calendar: { id: string; name: string; timeZone: string } | null })[];
}

/**
 * The SLA side of records that carry clocks (the helpdesk's tickets). The owner registers,
 * calls `track` in the transaction that changes a record's history (the stored deadlines the
 * breach job reads stay in step), `explain` for the record's SLA view, and `forget` when a
 * record is removed for good.
 */
@Injectable()
export class SlaClocks {
  private readonly owners = new Map<string, SlaClockOwner>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly chooser: ContractChooser,
    private readonly loader: ContractTermsLoader,
  ) {}

  registerOwner(owner: SlaClockOwner) {
    this.owners.set(owner.recordType, owner);
  }

  owner(recordType: string) {
    return this.owners.get(recordType);
  }

  /**
   * Computes and stores the clocks of records of one kind from their histories, and returns
   * them: the owner keeps what it sorts by (the nearest deadline) from the same computation.
   */
  async track(
    manager: EntityManager,
    recordType: string,
    histories: SlaRecordHistory[],
    now = new Date(),
  ): Promise<ComputedRecord[]> {
    if (!histories.length) return [];
    const computed = await this.compute(histories, now, manager);
    await storeClocks(manager, recordType, computed);
    return computed;
  }

  async forget(manager: EntityManager, recordType: string, ids: string[]) {
    await manager.query(`DELETE FROM sla_clocks WHERE record_type = $1 AND record_id = ANY($2::uuid[])`, [
      recordType,
      ids,
    ]);
  }

  /** The clocks of many records, their contracts chosen and loaded once for all. */
  async compute(
    histories: SlaRecordHistory[],
    now: Date,
    manager: EntityManager = this.db.manager,
  ): Promise<ComputedRecord[]> {
    const choices = await this.chooser.choose(histories, manager);
    const contractIds = [...new Set([...choices.values()].filter((c) => c !== null).map((c) => c!.contractId))];
    const contracts = await this.loader.load(contractIds, manager);
    return histories.map((h) => {
      const choice = choices.get(h.id);
      const contract = choice ? contracts.get(choice.contractId) : undefined;
      return {
        id: h.id,
        nodeId: h.nodeId,
        clocks: contract ? clocks(h.events, termsFor(contract, choice!), contract.calendars, now) : null,
      };
    });
  }

  /** `manager`: inside the transaction that is creating the record (its node is not committed yet). */
  async explain(
    history: SlaRecordHistory,
    now = new Date(),
    manager: EntityManager = this.db.manager,
  ): Promise<SlaExplanation> {
    const choice = (await this.chooser.choose([history], manager)).get(history.id);
    const contract = choice ? (await this.loader.load([choice.contractId], manager)).get(choice.contractId) : undefined;
    if (!choice || !contract) return { contract: null, level: null, clocks: [] };
    const result = clocks(history.events, termsFor(contract, choice), contract.calendars, now);
    return {
      contract: { id: contract.terms.id, name: contract.name, because: choice.reason },
      level: {
        code: result.level,
        name: contract.levelNames[result.level] ?? result.level,
        source: result.levelSource,
      },
      clocks: result.clocks.map((c) => ({
        ...c,
        calendar: c.calendarId ? { id: c.calendarId, ...contract.calendarInfo[c.calendarId] } : null,
      })),
    };
  }
}

/** The contract's terms, with the default level the choice brings when the contract has that level. */
function termsFor(contract: LoadedContract, choice: ContractChoice) {
  const level = choice.defaultLevel;
  return level && contract.terms.levels.some((l) => l.code === level)
    ? { ...contract.terms, defaultLevel: level }
    : contract.terms;
}
