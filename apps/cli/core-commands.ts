import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AuthService,
  CliCommandDefinition,
  CommandIO,
  RequestContext,
  SchedulerService,
  UsersService,
  generatePassword,
  passwordProblem,
} from '@clientele/core';

/** The commands core brings; plugins add theirs through `commands` in their manifest. */
@Injectable()
export class CoreCommands {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly scheduler: SchedulerService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  migrate(io: CommandIO) {
    io.log('database is migrated');
  }

  async createUser(io: CommandIO) {
    const email = String(io.options.email ?? io.args[0] ?? '');
    if (!email) {
      io.log('usage: users create --email E [--name N] [--password P] [--master]');
      return 2;
    }
    const password = typeof io.options.password === 'string' ? io.options.password : generatePassword();
    const problem = passwordProblem(password);
    if (problem) {
      io.log(problem);
      return 2;
    }
    const { user } = await this.users.create(
      { email, displayName: String(io.options.name ?? email), password, isMasterAdmin: io.options.master === true },
      RequestContext.system(),
    );
    io.log(`created ${user.email} (${user.id})${io.options.password ? '' : ` with password ${password}`}`);
  }

  async setPassword(io: CommandIO) {
    const email = io.args[0];
    const password = typeof io.options.password === 'string' ? io.options.password : generatePassword();
    const problem = passwordProblem(password);
    if (problem) {
      io.log(problem);
      return 2;
    }
    const result = await this.db.query(
      `UPDATE users SET password_hash = $2, activated_at = COALESCE(activated_at, now()) WHERE email = $1 RETURNING id`,
      [email, await this.auth.hashPassword(password)],
    );
    if (!result[0].length) {
      io.log(`no user ${email}`);
      return 1;
    }
    io.log(`password of ${email} set${io.options.password ? '' : ` to ${password}`}`);
  }

  async runJob(io: CommandIO) {
    const ran = await this.scheduler.runNow(io.args[0]);
    io.log(
      ran
        ? `ran ${io.args[0]}`
        : `no job ${io.args[0]} (known: ${this.scheduler
            .definitions()
            .map((j) => j.name)
            .join(', ')})`,
    );
    return ran ? 0 : 1;
  }
}

export const coreCommands: CliCommandDefinition[] = [
  {
    name: 'migrate',
    description: 'Apply pending migrations of core and the enabled plugins',
    provider: CoreCommands,
    method: 'migrate',
  },
  {
    name: 'seed',
    description: 'Create the master admin and demo data on an empty database',
    provider: CoreCommands,
    method: 'seed',
  },
  {
    name: 'users create',
    usage: 'users create --email E [--name N] [--password P] [--master]',
    description: 'Create a user',
    provider: CoreCommands,
    method: 'createUser',
  },
  {
    name: 'users set-password',
    usage: 'users set-password EMAIL [--password P]',
    description: "Set (or generate) a user's password",
    provider: CoreCommands,
    method: 'setPassword',
  },
  {
    name: 'jobs run',
    usage: 'jobs run NAME',
    description: 'Run a scheduled job now',
    provider: CoreCommands,
    method: 'runJob',
  },
];
