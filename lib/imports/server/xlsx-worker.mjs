// Reads every worksheet of an .xlsx file in a worker thread (lib/imports/server/parse.ts starts it with memory
// limits and a time budget), so a hostile file never blocks the app's event loop. Plain JavaScript on node built-ins
// only: the standalone build copies this one file (next.config.mjs) and runs it as is. Every size an attacker
// controls is capped while it is read: each zip entry is inflated with a ceiling on its output (the sizes a zip
// declares are not believed), and shared strings, cells and rows are counted as they are met.
import { parentPort, workerData } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';

const { bytes, limits } = workerData;
const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

class Refusal extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const invalid = (message) => new Refusal('import_file_invalid', message);
const overLimit = (message) => new Refusal('import_file_limit', message);
const damaged = () =>
  invalid('This Excel file cannot be read: it may be damaged or password-protected. Save it again as .xlsx or CSV UTF-8.');
const mb = (n) => `${Math.round(n / (1024 * 1024))} MB`;
const count = (n) => n.toLocaleString('en-GB');

/** The zip's central directory: name → where the entry is and how it is stored. */
function entries() {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged();
  const total = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const found = new Map();
  for (let i = 0; i < total; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw damaged();
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    found.set(name, { flags, method, compressed, local });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return found;
}

let inflatedSoFar = 0;

/** One entry's text, refused as soon as it inflates past the entry cap or the whole file past the total cap. */
function read(zip, name) {
  const entry = zip.get(name);
  if (!entry) return undefined;
  if (entry.flags & 1) throw damaged(); // encrypted
  const at = entry.local;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw damaged();
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + entry.compressed);
  const cap = Math.min(limits.entryBytes, limits.totalBytes - inflatedSoFar);
  let out;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      out = inflateRawSync(data, { maxOutputLength: cap + 1 });
    } catch (error) {
      if (error && error.code === 'ERR_BUFFER_TOO_LARGE') out = { length: cap + 1 };
      else throw damaged();
    }
  } else throw damaged();
  if (out.length > cap) {
    throw overLimit(
      out.length > limits.entryBytes || cap === limits.entryBytes
        ? `This Excel file unpacks to more than ${mb(limits.entryBytes)} in one part (${name}); the import reads at most ${mb(limits.entryBytes)}. Save only the sheet to import, as CSV UTF-8 or a new .xlsx.`
        : `This Excel file unpacks to more than ${mb(limits.totalBytes)}; the import reads at most ${mb(limits.totalBytes)}. Save only the sheet to import, as CSV UTF-8 or a new .xlsx.`,
    );
  }
  inflatedSoFar += out.length;
  return out.toString('utf8');
}

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const unescape = (text) =>
  text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name) => {
    if (name[0] !== '#') return ENTITIES[name] ?? whole;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]) : undefined;
};
/** The text of a string item (`<si>` or `<is>`): every `<t>` run, phonetic hints left out. */
const runs = (xml) =>
  Array.from(xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g), (m) =>
    unescape(m[1] ?? ''),
  ).join('');

function sharedStrings(xml) {
  const strings = [];
  if (!xml) return strings;
  let chars = 0;
  for (const m of xml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) {
    if (strings.length >= limits.sharedStrings) {
      throw overLimit(
        `This Excel file holds more than ${count(limits.sharedStrings)} different texts; the import reads at most ${count(limits.sharedStrings)}. Save only the sheet to import, as CSV UTF-8 or a new .xlsx.`,
      );
    }
    const text = runs(m[1] ?? '');
    chars += text.length;
    if (chars > limits.sharedChars) {
      throw overLimit(
        `This Excel file holds more than ${count(limits.sharedChars)} characters of text; the import reads at most ${count(limits.sharedChars)}. Save only the sheet to import, as CSV UTF-8 or a new .xlsx.`,
      );
    }
    strings.push(text);
  }
  return strings;
}

// Number formats Excel shows as dates (built-in ids), or any custom format with day, month or year in it.
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);
function dateStyles(xml) {
  const dates = [];
  if (!xml) return dates;
  const custom = new Map();
  for (const m of xml.matchAll(/<numFmt\b[^>]*>/g)) {
    const code = (attr(m[0], 'formatCode') ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    custom.set(Number(attr(m[0], 'numFmtId')), /[dmy]/i.test(code));
  }
  const cellXfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml);
  for (const m of (cellXfs?.[1] ?? '').matchAll(/<xf\b[^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    dates.push(custom.get(id) ?? DATE_FORMAT_IDS.has(id));
  }
  return dates;
}

function columnIndex(ref) {
  const letters = /^[A-Z]+/.exec(ref ?? '')?.[0];
  if (!letters) return undefined;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function sheetPaths(zip) {
  const workbook = read(zip, 'xl/workbook.xml');
  if (!workbook) throw damaged();
  const sheets = Array.from(workbook.matchAll(/<sheet\b[^>]*>/g));
  if (sheets.length === 0) throw invalid('The file is empty: it has no worksheet.');
  const rels = Array.from((read(zip, 'xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g));
  const date1904 = /<workbookPr\b[^>]*\sdate1904="(1|true)"/.test(workbook);
  return {
    date1904,
    sheets: sheets.map((sheet, i) => {
      const rel = rels.find((m) => attr(m[0], 'Id') === attr(sheet[0], 'r:id'));
      const target = rel ? attr(rel[0], 'Target') : undefined;
      if (!target) throw damaged();
      return {
        name: unescape(attr(sheet[0], 'name') ?? `Sheet ${i + 1}`),
        path: target.startsWith('/') ? target.slice(1) : `xl/${target}`,
      };
    }),
  };
}

function cellText(cell, body, strings, dates, date1904) {
  const type = attr(cell, 't');
  const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
  if (type === 'inlineStr') return runs(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
  if (v === undefined) return '';
  const value = unescape(v);
  if (type === 's') return strings[Number(value)] ?? '';
  if (type === 'b') return value === '1' ? 'true' : 'false';
  if (type === 'str' || type === 'e') return value;
  const number = Number(value);
  if (!Number.isFinite(number)) return value;
  if (dates[Number(attr(cell, 's') ?? 0)]) {
    const days = date1904 ? number + 1462 : number;
    return new Date(Math.round((days - 25569) * 86400000)).toISOString().slice(0, 10);
  }
  return String(number);
}

// The cells cap counts every sheet's cells: a workbook of many sheets is no way around it.
let cells = 0;

/**
 * One worksheet as rows of text. A formula's cell is listed (its reference, row and column) and read as empty:
 * parse.ts refuses it when its column is imported and notes it otherwise, so a computed value is never sent.
 */
function readSheet(sheet, strings, dates, date1904) {
  const table = [];
  const formulas = [];
  let rowsPastLimit = 0;
  let rowNumber = 0;
  for (const row of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    rowNumber = Number(attr(row[0], 'r') ?? rowNumber + 1);
    const values = [];
    let column = -1;
    for (const c of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      if (++cells > limits.cells) {
        throw overLimit(
          `This Excel file has more than ${count(limits.cells)} cells; the import reads at most ${count(limits.cells)}. Save only the rows and columns to import, as CSV UTF-8 or a new .xlsx.`,
        );
      }
      const ref = attr(c[0], 'r');
      column = columnIndex(ref) ?? column + 1;
      const body = c[2] ?? '';
      const formula = /<f\b/.test(body);
      if (formula) formulas.push({ rowNumber, column, ref: ref ?? `row ${rowNumber}` });
      // Columns past the template's widest are kept only as "something is there" (the header check names them).
      const text = formula ? '' : cellText(c[0], body, strings, dates, date1904);
      if (column < limits.columns + 1) values[column] = text;
      else if (text !== '') values[limits.columns] = values[limits.columns] || text;
    }
    if (values.length === 0 || values.every((v) => v === undefined || v.trim() === '')) {
      if (!formulas.some((f) => f.rowNumber === rowNumber)) continue;
    }
    // A sheet past the row limit is counted, not kept: only that sheet is refused (by name), if it is the one chosen.
    if (table.length >= limits.rows + 1) {
      rowsPastLimit++;
      continue;
    }
    table.push({ rowNumber, cells: Array.from(values, (v) => v ?? '') });
  }
  return { table, formulas, rowsPastLimit };
}

function readSheets() {
  const zip = entries();
  const { sheets, date1904 } = sheetPaths(zip);
  const strings = sharedStrings(read(zip, 'xl/sharedStrings.xml'));
  const dates = dateStyles(read(zip, 'xl/styles.xml'));
  return sheets.map(({ name, path }) => {
    const sheet = read(zip, path);
    if (sheet === undefined) throw damaged();
    return { name, ...readSheet(sheet, strings, dates, date1904) };
  });
}

try {
  parentPort.postMessage({ sheets: readSheets() });
} catch (error) {
  parentPort.postMessage(
    error instanceof Refusal
      ? { refusal: { code: error.code, message: error.message } }
      : { refusal: { code: 'import_file_invalid', message: damaged().message } },
  );
}
