import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ClienteleConfigFile {
  /** Plugin ids (built in), paths (`./my-plugin`) or npm package names, in any order. */
  plugins: string[];
  server?: { port?: number; host?: string; bodyLimit?: number };
  auth?: Partial<ClienteleConfig['auth']>;
  /** Per record kind (or `default`): how long soft-deleted records stay restorable. */
  retention?: Record<string, string>;
  /** Per plugin id: initial values of its typed settings, stored when the plugin first starts (then edited in the admin UI). */
  settings?: Record<string, Record<string, unknown>>;
}

/** The effective configuration: `config/clientele.json`, then environment overrides. */
export class ClienteleConfig {
  readonly plugins: string[];
  readonly port: number;
  readonly host: string;
  readonly bodyLimit: number;
  readonly retention: Record<string, string>;
  readonly settings: Record<string, Record<string, unknown>>;
  /**
   * Failed sign-ins in a quarter of an hour: per account and address pair (an attacker's address is
   * refused, the owner's elsewhere is not), per address (one address trying many accounts), and a
   * far higher per-account ceiling against attackers with many addresses.
   */
  readonly auth: {
    sessionHours: number;
    maxFailuresPerPair: number;
    maxFailuresPerAddress: number;
    maxFailuresPerAccount: number;
    rememberTokens: boolean;
  };

  constructor(
    file: ClienteleConfigFile,
    readonly rootDir: string,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.plugins =
      env.CLIENTELE_PLUGINS !== undefined
        ? env.CLIENTELE_PLUGINS.split(',')
            .map((p) => p.trim())
            .filter(Boolean)
        : file.plugins;
    this.port = Number(env.PORT ?? file.server?.port ?? 3000);
    this.host = env.HOST ?? file.server?.host ?? '0.0.0.0';
    this.bodyLimit = file.server?.bodyLimit ?? 1024 * 1024;
    this.retention = { default: '12 months', ...file.retention };
    this.settings = file.settings ?? {};
    this.auth = {
      sessionHours: 12,
      maxFailuresPerPair: 5,
      maxFailuresPerAddress: 20,
      maxFailuresPerAccount: 100,
      rememberTokens: true,
      ...file.auth,
    };
  }

  static load(rootDir: string, env: NodeJS.ProcessEnv = process.env): ClienteleConfig {
    const path = env.CLIENTELE_CONFIG ?? join(rootDir, 'config', 'clientele.json');
    const file: ClienteleConfigFile = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : { plugins: [] };
    return new ClienteleConfig(file, rootDir, env);
  }

  retentionFor(type: string, declared?: string): string {
    return this.retention[type] ?? declared ?? this.retention.default;
  }
}
