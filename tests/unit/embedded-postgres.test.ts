// Embedded PostgreSQL started by root runs as the `postgres` user: a data folder (or the package's binaries) in a
// private directory must give a clear message saying what to do, not initdb's bare EACCES.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clearStalePid, unreachableByPostgresUser } from '../../scripts/db/embedded';

const base = mkdtempSync(path.join(tmpdir(), 'embedded-pg-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('unreachableByPostgresUser', () => {
  it('names the private folder in the way and what to do', () => {
    const home = path.join(base, 'root-home');
    mkdirSync(path.join(home, 'portal'), { recursive: true });
    chmodSync(home, 0o700);
    chmodSync(base, 0o755);
    const message = unreachableByPostgresUser([path.join(home, 'portal/.data/pg/PG_VERSION')], true);
    expect(message).toContain(`cannot enter ${home}`);
    expect(message).toMatch(/run as a normal user|chmod o\+x|DATABASE_URL/);
  });

  it('is content when every folder on the way can be entered, or when not run as root', () => {
    const open = path.join(base, 'open');
    mkdirSync(open, { recursive: true });
    chmodSync(open, 0o755);
    chmodSync(base, 0o755);
    expect(unreachableByPostgresUser([path.join(open, '.data/pg/PG_VERSION')], true)).toBeUndefined();
    const closed = path.join(base, 'closed');
    mkdirSync(closed, { recursive: true });
    chmodSync(closed, 0o700);
    expect(unreachableByPostgresUser([path.join(closed, 'x/PG_VERSION')], false)).toBeUndefined();
  });
});

describe('clearStalePid', () => {
  const pidFileFor = (pid: number) => {
    const dataDir = mkdtempSync(path.join(base, 'data-'));
    writeFileSync(path.join(dataDir, 'postmaster.pid'), `${pid}\n${dataDir}\n`);
    return { dataDir, pidFile: path.join(dataDir, 'postmaster.pid') };
  };

  it('waits for a PostgreSQL still shutting down, then clears its lock file (back-to-back runs in CI)', async () => {
    const stopping = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 700)']);
    const exited = new Promise((resolve) => stopping.once('exit', resolve));
    const { dataDir, pidFile } = pidFileFor(stopping.pid!);
    let cleared = false;
    const clearing = clearStalePid(dataDir).then(() => (cleared = true));
    await new Promise((r) => setImmediate(r));
    expect(cleared).toBe(false); // not while it runs
    await exited;
    await clearing;
    expect(existsSync(pidFile)).toBe(false);
  });

  it('leaves the lock file of a PostgreSQL that stays, for start() to report', async () => {
    const { dataDir, pidFile } = pidFileFor(process.pid);
    await clearStalePid(dataDir, 300);
    expect(existsSync(pidFile)).toBe(true);
  });
});
