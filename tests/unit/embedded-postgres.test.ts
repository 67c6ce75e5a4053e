// Embedded PostgreSQL started by root runs as the `postgres` user: a data folder (or the package's binaries) in a
// private directory must give a clear message saying what to do, not initdb's bare EACCES.
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unreachableByPostgresUser } from '../../scripts/db/embedded';

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
