import 'reflect-metadata';
import { ModuleRef, NestFactory } from '@nestjs/core';
import cliProgress from 'cli-progress';
import { ClienteleConfig, CommandIO, PluginRegistry } from '@clientele/core';
import { prepare, syncRoles } from '../server/app.js';
import { resolveDatabase } from '../server/database.js';
import { projectRoot } from '../server/paths.js';
import { seedOnce } from '../server/seed.js';
import { CoreCommands, coreCommands } from './core-commands.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** `--name=value`, `--name value` and `--flag` into options; the rest stay arguments. */
function parse(argv: string[]) {
  const args: string[] = [];
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (!word.startsWith('--')) args.push(word);
    else if (word.includes('=')) options[word.slice(2, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
    else if (argv[i + 1] && !argv[i + 1].startsWith('--')) options[word.slice(2)] = argv[++i];
    else options[word.slice(2)] = true;
  }
  return { args, options };
}

function io(args: string[], options: Record<string, string | boolean>): CommandIO {
  return {
    args,
    options,
    log: say,
    progress(label, total) {
      const bar = new cliProgress.SingleBar(
        {
          format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
          noTTYOutput: true,
          notTTYSchedule: 2000,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return { update: (done) => bar.update(done), stop: () => bar.stop() };
    },
  };
}

async function main() {
  const { args, options } = parse(process.argv.slice(2));
  const config = ClienteleConfig.load(projectRoot);
  const database = await resolveDatabase(() => {});
  process.env.CLIENTELE_SCHEDULER = 'off';
  // A command does its work itself; queued jobs are for the server processes.
  process.env.CLIENTELE_WORKERS ??= 'off';
  let code = 0;
  try {
    const { plugins, module } = await prepare(
      { databaseUrl: database.url, config, logLevel: process.env.LOG_LEVEL ?? 'warn' },
      say,
    );
    const cli = { module: class ClienteleCli {}, imports: [module], providers: [CoreCommands] };
    const app = await NestFactory.createApplicationContext(cli, { logger: ['error', 'warn'], abortOnError: false });
    await syncRoles(app, plugins);
    const commands = [...coreCommands, ...app.get(PluginRegistry).plugins.flatMap((p) => p.metadata.commands ?? [])];
    const match = commands
      .filter((c) => c.name.split(' ').every((word, i) => args[i] === word))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (!match || options.help) {
      say('Usage: clientele <command> [arguments] [--options]\n');
      for (const c of commands) say(`  ${(c.usage ?? c.name).padEnd(52)} ${c.description}`);
      code = match || args.length === 0 ? 0 : 2;
    } else if (match.name === 'seed') {
      const seeded = await seedOnce(app, plugins);
      say(
        seeded
          ? [`seeded; sign in as ${seeded.email} / ${seeded.password}`, ...seeded.notes].join('\n')
          : 'already seeded; nothing done',
      );
    } else {
      const provider = app.get(ModuleRef).get(match.provider, { strict: false });
      code = (await provider[match.method](io(args.slice(match.name.split(' ').length), options))) ?? 0;
    }
    await app.close();
  } catch (error) {
    say(`error: ${(error as Error).message}`);
    code = 1;
  } finally {
    await database.stop();
  }
  process.exit(code);
}

void main();
