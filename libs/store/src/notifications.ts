import pg from 'pg';

/**
 * PostgreSQL LISTEN/NOTIFY between the API replicas on one database: for news that must reach every
 * replica at once and is worthless later (nothing is stored; a replica that is down misses it).
 */
export interface Notifications {
  notify(channel: string, payload: string): Promise<void>;
  /** Calls `onPayload` for every notification on `channel`, this replica's own included. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<{ close(): Promise<void> }>;
}

const RECONNECT_MS = 1000;

export function pgNotifications(pool: pg.Pool, url: string): Notifications {
  return {
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async listen(channel, onPayload) {
      let client: pg.Client | undefined;
      let closed = false;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString: url });
        // A dropped connection (database restart) reconnects; until then updates are missed.
        c.on('error', () => undefined);
        c.on('end', () => {
          if (!closed) setTimeout(() => void connect().catch(() => undefined), RECONNECT_MS).unref();
        });
        c.on('notification', (n) => {
          if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
        });
        await c.connect();
        await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
        client = c;
      };
      await connect();
      return {
        async close() {
          closed = true;
          await client?.end().catch(() => undefined);
        },
      };
    },
  };
}
