import { EventEmitter } from 'node:events';
import pg from 'pg';

/** The channel on which the database announces changes to what a token resolves to (migration 0002). */
export const AUTH_CHANGES_CHANNEL = 'clientele_auth_changes';

/**
 * What the pooled connections hear, for the whole process: `changed` when the database announced
 * a change on the channel, `lost` when a listening connection ended (what it would have heard is
 * unknown).
 */
export const authChanges = new EventEmitter();
authChanges.setMaxListeners(0);

/** The channel on which the database announces a change to plugin settings (migration 0003). */
export const SETTINGS_CHANGES_CHANNEL = 'clientele_settings_changes';

/** `changed` when settings were announced changed, `lost` when a listening connection ended. */
export const settingsChanges = new EventEmitter();
settingsChanges.setMaxListeners(0);

let listening = 0;

/** How many pooled connections are listening right now. */
export const listeningConnections = () => listening;

/**
 * A `pg` client that listens on the channels from the moment it connects (the host passes it to
 * the pool as `Client`). Every pooled connection listens, not only one: PostgreSQL hands a
 * session its own notifications before the statement or COMMIT that caused them returns, so a
 * change written by this process is known here before the request that wrote it answers —
 * whatever runs next already sees it. Changes from other processes arrive moments after their
 * commit, on whichever connection is idle first.
 */
export class ListeningClient extends pg.Client {
  private counted = false;

  override connect(): Promise<pg.Client>;
  override connect(callback: (err: Error) => void): void;
  override connect(callback?: (err: Error) => void): Promise<pg.Client> | void {
    const ready = super.connect().then(async () => {
      this.on('notification', (message) => {
        if (message.channel === AUTH_CHANGES_CHANNEL) authChanges.emit('changed');
        if (message.channel === SETTINGS_CHANGES_CHANNEL) settingsChanges.emit('changed');
      });
      this.once('end', () => {
        if (this.counted) listening--;
        this.counted = false;
        authChanges.emit('lost');
        settingsChanges.emit('lost');
      });
      try {
        await this.query(`LISTEN ${AUTH_CHANGES_CHANNEL}; LISTEN ${SETTINGS_CHANGES_CHANNEL}`);
      } catch (error) {
        // The pool drops a client whose connect failed; do not leave its session open.
        await this.end().catch(() => undefined);
        throw error;
      }
      this.counted = true;
      listening++;
      return this;
    });
    if (!callback) return ready;
    ready.then(
      () => callback(undefined as unknown as Error),
      (error: Error) => callback(error),
    );
  }
}
