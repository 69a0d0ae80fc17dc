import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { storageConformance } from '../conformance.js';
import { isStorageError } from '../errors.js';
import Database from 'better-sqlite3';
import { SqliteStorage } from './sqlite.js';

const dirs: string[] = [];
function tempDb(): string {
  const d = mkdtempSync(join(tmpdir(), 'kts-sqlite-'));
  dirs.push(d);
  return join(d, 'state.db');
}

storageConformance('sqlite', {
  open: async () => new SqliteStorage({ path: tempDb(), progressIntervalMs: 200, ttlSweepMs: 100 }),
  teardown: async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  },
});

describe('sqlite storage', () => {
  it('keeps data and revisions across a reopen, and replays watches from the database', async () => {
    const path = tempDb();
    let s = new SqliteStorage({ path });
    const r1 = await s.create('/registry/a/x', '1');
    const r2 = await s.update('/registry/a/x', '2', r1);
    await s.create('/registry/a/y', 'y');
    const before = await s.currentRevision();
    await s.close();
    s = new SqliteStorage({ path, watchHistory: 1 });
    assert.equal(await s.currentRevision(), before);
    assert.equal((await s.get('/registry/a/x'))?.value, '2');
    assert.equal((await s.get('/registry/a/x', { revision: r1 }))?.value, '1');
    const r4 = await s.create('/registry/a/z', 'z');
    assert.ok(r4 > before, 'revisions never go backwards after a reopen');
    // A watch from before the reopen is served from the log table.
    const w = s.watch('/registry/a/', { fromRevision: r1 });
    const got: number[] = [];
    for await (const ev of w) {
      got.push(ev.revision);
      if (got.length === 3) break;
    }
    assert.deepEqual(got, [r2, r2 + 1, r4]);
    await s.close();
  });

  it('refuses a second process-level opener of the same database', async () => {
    const path = tempDb();
    const s = new SqliteStorage({ path });
    await s.create('/registry/a/x', '1');
    assert.throws(() => new SqliteStorage({ path }), (err: unknown) => isStorageError(err, 'Unreachable'));
    await s.close();
  });

  it('closes cleanly under load: acknowledged writes kept, the rest Closed, the database intact', async () => {
    const path = tempDb();
    const s = new SqliteStorage({ path });
    const acked: string[] = [];
    let stop = false;
    const load = Promise.all(
      Array.from({ length: 32 }, async (_, w) => {
        for (let i = 0; !stop; i++) {
          try {
            await s.create(`/registry/c/w${w}-${i}`, 'v');
            acked.push(`/registry/c/w${w}-${i}`);
          } catch (err) {
            assert.ok(isStorageError(err, 'Closed'), String(err));
            return;
          }
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
    await s.close();
    stop = true;
    await load;
    const db = new Database(path, { readonly: true });
    assert.equal((db.pragma('integrity_check') as Array<{ integrity_check: string }>)[0]!.integrity_check, 'ok');
    db.close();
    const again = new SqliteStorage({ path });
    assert.ok(acked.length > 0);
    assert.equal(await again.count('/registry/c/'), acked.length);
    await again.close();
  });

  it('batches concurrent writers into transactions and acknowledges each', async () => {
    const s = new SqliteStorage({ path: tempDb() });
    const revs = await Promise.all(Array.from({ length: 500 }, (_, i) => s.create(`/registry/b/k${i}`, `v${i}`)));
    assert.equal(new Set(revs).size, 500);
    assert.equal(await s.count('/registry/b/'), 500);
    await s.close();
  });
});
