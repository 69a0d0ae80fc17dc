import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { crashTrial, verifyAcks } from '../durability/harness.js';
import { SqliteStorage } from './sqlite.js';

describe('sqlite durability under SIGKILL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-durable-'));
  const path = join(dir, 'state.db');
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (let trial = 0; trial < 5; trial++) {
    it(`trial ${trial}: every acknowledged write survives, revisions never go backwards`, async () => {
      const acks = await crashTrial({ spec: { backend: 'sqlite', path }, prefix: `/registry/durability/t${trial}/`, afterAcks: 300 + trial * 200 });
      const db = new Database(path, { readonly: true });
      assert.equal((db.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]!.integrity_check, 'ok');
      db.close();
      const s = new SqliteStorage({ path });
      try {
        await verifyAcks(s, acks, `/registry/durability/probe-${trial}`);
      } finally {
        await s.close();
      }
    });
  }
});
