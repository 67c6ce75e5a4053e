// Security suite, hostile uploads (issue 25, item 1): an .xlsx built to unpack to far more than it weighs is refused
// quickly with a message naming the limit, and the app's event loop keeps serving while it is read.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { deflateRawSync, constants } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as parseRoute from '@/app/api/imports/parse/route';
import { testDb } from '../helpers/db';
import { call, configure, errorCode, SAME_ORIGIN, signedIn, type Person } from './harness';

vi.mock('next/headers', () => import('./next-headers-stub'));

const db = testDb();
const envBefore = { ...process.env };
let staff: Person;
beforeAll(async () => {
  configure();
  staff = await signedIn(db, 'STAFF');
});
afterAll(async () => {
  process.env = envBefore;
  await db.$disconnect();
});

/** A stored-or-deflated zip from entries already compressed as raw deflate (CRCs left 0: no reader here checks them). */
function zip(entries: { name: string; data: Buffer; size: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, size } of entries) {
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const deflated = (name: string, text: string) => ({ name, data: deflateRawSync(text), size: Buffer.byteLength(text) });

/** The parts every workbook has, around a first sheet and shared strings of the caller's choosing. */
function workbook(sheet: string, sharedStrings?: { data: Buffer; size: number }) {
  return zip([
    deflated('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    deflated(
      'xl/workbook.xml',
      '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Timesheets" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    deflated(
      'xl/_rels/workbook.xml.rels',
      '<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    ...(sharedStrings ? [{ ...sharedStrings, name: 'xl/sharedStrings.xml' }] : []),
    deflated('xl/worksheets/sheet1.xml', sheet),
  ]);
}

/**
 * ~1 MB of deflate that unpacks to over 400 MB of shared strings: one sync-flushed block of repeated `<si>`
 * items, the same bytes over and over (each copy decodes to the same text), then an empty final block.
 */
function sharedStringsBomb(targetCompressedBytes: number) {
  const item = `<si><t>${'A'.repeat(1000)}</t></si>`;
  const chunk = item.repeat(10_000); // 10 MB
  const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const copies = Math.max(1, Math.floor(targetCompressedBytes / block.length));
  const head = Buffer.from('<sst count="1">');
  const data = Buffer.concat([
    deflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH }),
    ...Array.from({ length: copies }, () => block),
    deflateRawSync(Buffer.alloc(0)),
  ]);
  return { data, size: 0xffffffff, expands: copies * chunk.length };
}

async function upload(name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set('file', new Blob([bytes as BlobPart]), name);
  return call(parseRoute.POST, '/api/imports/parse', {}, { method: 'POST', cookie: staff.cookie, headers: SAME_ORIGIN, body: form });
}

describe('item 1: XLSX decompression bomb', () => {
  it('a 1 MB workbook that unpacks to hundreds of MB is refused naming the limit, and the event loop keeps serving', async () => {
    const bomb = sharedStringsBomb(1_000_000);
    expect(bomb.expands).toBeGreaterThan(400 * 1024 * 1024);
    const file = workbook('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>', bomb);
    expect(file.byteLength).toBeLessThan(1024 * 1024);

    // The event loop's longest stall while the upload is read: a blocked loop is what made health answer in 20 s.
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const response = await upload('bomb.xlsx', file);
    delay.disable();

    expect(response.status).toBe(422);
    expect(await errorCode(response)).toBe('import_file_limit');
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/more than 24 MB in one part/);
    expect(delay.max / 1e6).toBeLessThan(1000);
  });

  it('caps shared strings, cells and rows while reading, each with its own message', async () => {
    const manyStrings = workbook('<worksheet><sheetData/></worksheet>', deflated('', `<sst>${'<si><t>x</t></si>'.repeat(200_001)}</sst>`));
    expect(await errorMessage(await upload('strings.xlsx', manyStrings))).toMatch(/more than 200,000 different texts/);

    const manyCells = workbook(`<worksheet><sheetData><row r="1">${'<c/>'.repeat(250_001)}</row></sheetData></worksheet>`);
    expect(await errorMessage(await upload('cells.xlsx', manyCells))).toMatch(/more than 250,000 cells/);

    const rows = Array.from({ length: 2002 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>r${i}</t></is></c></row>`);
    const manyRows = workbook(`<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`);
    expect(await errorMessage(await upload('rows.xlsx', manyRows))).toMatch(/more than 2,000 rows/);
  });

  it('a small hand-made workbook still reads: shared and inline strings, numbers', async () => {
    const file = workbook(
      '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Rate</t></is></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>12.5</v></c></row></sheetData></worksheet>',
      deflated('', '<sst><si><t>Employee ID</t></si><si><r><t>AB123</t></r><r><t>456C</t></r></si></sst>'),
    );
    const response = await upload('small.xlsx', file);
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { header: string[]; rows: { cells: string[] }[] } };
    expect(data.header).toEqual(['Employee ID', 'Rate']);
    expect(data.rows[0]!.cells).toEqual(['AB123456C', '12.5']);
  });
});

async function errorMessage(response: Response) {
  expect(await errorCode(response)).toBe('import_file_limit');
  return ((await response.json()) as { error: { message: string } }).error.message;
}
