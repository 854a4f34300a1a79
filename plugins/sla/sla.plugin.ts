import { ClientelePlugin } from '@clientele/core';
import { RECOMPUTE_QUEUE, SLA_ASSIGN, SLA_MANAGE, SLA_READ } from './constants.js';
import { SlaCalendar } from './entities/calendar.entity.js';
import { SlaContract } from './entities/contract.entity.js';
import { SlaLevel } from './entities/level.entity.js';
import { SlaAssignment } from './entities/assignment.entity.js';
import { slaSchema } from './migrations/0001-sla.js';
import { slaClockListSchema } from './migrations/0002-clock-list.js';
import { SlaClock } from './entities/clock.entity.js';
import { ClocksListController } from './tracking/clocks-list.controller.js';
import { CalendarsController } from './calendars/calendars.controller.js';
import { CalendarsService } from './calendars/calendars.service.js';
import { ContractsController } from './contracts/contracts.controller.js';
import { ContractsService } from './contracts/contracts.service.js';
import { LevelsController } from './contracts/levels.controller.js';
import { LevelsService } from './contracts/levels.service.js';
import { AssignmentsController } from './contracts/assignments.controller.js';
import { AssignmentsService } from './contracts/assignments.service.js';
import { PreviewService } from './contracts/preview.service.js';
import { RecomputeRequests } from './tracking/recompute-requests.js';
import { RecomputeJob } from './tracking/recompute.job.js';
import { BreachJob } from './tracking/breach.job.js';
import { SlaClocks } from './tracking/sla-clocks.service.js';
import { ContractChooser } from './tracking/contract-choice.js';
import { ContractTermsLoader } from './tracking/contract-terms.js';
import { SLA_EVENTS } from './tracking/sla-events.js';
import { ContractLookup } from './tracking/contract-lookup.js';
import { slaAdminResources, slaAdminTabs } from './admin/sla.admin.js';
import { SlaDemoData } from './demo-data.js';

@ClientelePlugin({
  id: 'sla',
  version: '1.0.0',
  description:
    "Business-hours calendars, SLA contracts with levels, and clocks computed from a record's history, with warnings and breaches",
  entities: [SlaCalendar, SlaContract, SlaLevel, SlaAssignment, SlaClock],
  migrations: [slaSchema, slaClockListSchema],
  permissions: [
    {
      name: SLA_READ,
      description: "See calendars, contracts, levels and the clocks of records, and preview a contract's deadlines",
    },
    { name: SLA_MANAGE, description: 'Create, change and delete calendars, contracts and levels' },
    {
      name: SLA_ASSIGN,
      description: 'Put a contract on a record (a customer, an address book …) for the records below it',
    },
  ],
  roles: [{ code: 'administrator', permissions: [SLA_READ, SLA_MANAGE, SLA_ASSIGN] }],
  controllers: [
    CalendarsController,
    ContractsController,
    LevelsController,
    AssignmentsController,
    ClocksListController,
  ],
  providers: [
    CalendarsService,
    ContractsService,
    LevelsService,
    AssignmentsService,
    PreviewService,
    RecomputeRequests,
    RecomputeJob,
    BreachJob,
    SlaClocks,
    ContractChooser,
    ContractTermsLoader,
    ContractLookup,
  ],
  exports: [SlaClocks, ContractLookup],
  // Customer groups, which runs with or without SLA, checks a group's contract through its port.
  ports: [{ port: 'customer-groups.sla-contracts', useExisting: ContractLookup }],
  adminResources: slaAdminResources,
  adminTabs: slaAdminTabs,
  queues: [
    {
      name: RECOMPUTE_QUEUE,
      description: "Recomputes open records' deadlines after a calendar, contract or assignment change",
      provider: RecomputeJob,
      method: 'run',
      expireIn: 60 * 60,
    },
  ],
  jobs: [
    {
      name: 'sla.breaches',
      cron: '* * * * *',
      description: 'Tells warnings and breaches that fell due',
      provider: BreachJob,
      method: 'run',
    },
  ],
  events: { emits: SLA_EVENTS },
  seeds: [{ provider: SlaDemoData, method: 'seed' }],
})
export class SlaPlugin {}
