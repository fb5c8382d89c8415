import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startPostgres } from './postgres.js';

describe('startPostgres', () => {
  it('runs a cluster reached by its connection string, gives each caller a schema of its own, and stop() removes it all', async () => {
    const cluster = await startPostgres();
    const socketDir = new URLSearchParams(cluster.connectionString.split('?')[1]).get('host')!;
    try {
      const [first, second] = [await cluster.freshSchema(), await cluster.freshSchema()];
      for (const url of [first, second]) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query('CREATE TABLE t (n INTEGER)');
        } finally {
          await client.end();
        }
      }
      const client = new pg.Client({ connectionString: cluster.connectionString });
      await client.connect();
      const { rows } = await client.query<{ schemaname: string }>("SELECT schemaname FROM pg_tables WHERE tablename = 't' ORDER BY schemaname");
      const { rows: settings } = await client.query<{ fsync: string }>('SHOW fsync');
      await client.end();
      expect(rows.map((row) => row.schemaname)).toEqual(['test_1', 'test_2']);
      expect(settings[0]?.fsync).toBe('off');
      expect(existsSync(socketDir)).toBe(true);
    } finally {
      await cluster.stop();
    }
    expect(existsSync(socketDir)).toBe(false);
    const late = new pg.Client({ connectionString: cluster.connectionString });
    await expect(late.connect()).rejects.toThrow();
  }, 300_000); // minutes only when PostgreSQL must be installed first
});
