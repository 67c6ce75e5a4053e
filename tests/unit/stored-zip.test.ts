import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { storedZip } from '@/lib/payslips/server/zip';

describe('the pay run ZIP', () => {
  it('holds every file as it was, in order, names in UTF-8, stored uncompressed and dated', async () => {
    const files = [
      { name: 'payslip-PL-1.pdf', data: new TextEncoder().encode('%PDF-1.7 one') },
      { name: 'payslip-Łukasz.pdf', data: new Uint8Array([0, 1, 2, 255]) },
      { name: 'empty.txt', data: new Uint8Array() },
    ];
    const zip = await storedZip(files, new Date(2026, 11, 4, 13, 30, 10));
    const read = unzipSync(zip);
    expect(Object.keys(read)).toEqual(files.map((f) => f.name));
    for (const f of files) expect(read[f.name], f.name).toEqual(f.data);

    // An independent reader too: unzip checks every CRC, and lists each entry's method and date.
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'zip-')), 'run.zip');
    writeFileSync(file, zip);
    expect(execFileSync('unzip', ['-tq', file]).toString()).toMatch(/No errors detected/);
    const listing = execFileSync('unzip', ['-v', file]).toString();
    expect(listing.match(/ Stored /g)).toHaveLength(files.length);
    expect(listing).toContain('2026-12-04 13:30');
  });
});
