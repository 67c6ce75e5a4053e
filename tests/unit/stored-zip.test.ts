import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storedZip } from '@/lib/payslips/server/zip';

describe('the pay run ZIP', () => {
  it('is an archive unzip reads and checks (CRCs), names in UTF-8, every file as it was', () => {
    const files = [
      { name: 'payslip-PL-1.pdf', data: new TextEncoder().encode('%PDF-1.7 one') },
      { name: 'payslip-Łukasz.pdf', data: new Uint8Array([0, 1, 2, 255]) },
      { name: 'empty.txt', data: new Uint8Array() },
    ];
    const dir = mkdtempSync(path.join(tmpdir(), 'zip-'));
    const file = path.join(dir, 'run.zip');
    writeFileSync(file, storedZip(files, new Date(2026, 11, 4, 13, 30, 10)));
    expect(execFileSync('unzip', ['-tq', file]).toString()).toMatch(/No errors detected/);
    // Python's zipfile honours the UTF-8 flag whatever the locale (unzip needs a UTF-8 one).
    const read = (code: string) => execFileSync('python3', ['-c', `import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); ${code}`, file]);
    expect(JSON.parse(read('import json; print(json.dumps(z.namelist()))').toString())).toEqual(files.map((f) => f.name));
    expect(read("sys.stdout.buffer.write(z.read('payslip-Łukasz.pdf'))")).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(execFileSync('unzip', ['-l', file]).toString()).toContain('2026-12-04 13:30');
  });
});
