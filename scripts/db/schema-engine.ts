// Prisma's schema engine as WebAssembly, bound to PostgreSQL through the `pg` driver adapter. The native
// engine that `prisma migrate` uses cannot be downloaded on our machines; this one ships in an npm package
// and produces and applies migrations in Prisma's own format (see ../shared/notes/prisma-offline.md).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);
let loaded = false;
let lastPanic: string | undefined;

// The engine reports a Rust panic through this global before it throws; keep the message for the error.
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY = {
  set_message(message: string) {
    lastPanic = message;
  },
};

/** The last panic message of the engine, if any (errors thrown by a panic carry no text of their own). */
export const lastEnginePanic = () => lastPanic;

/** Node 20 cannot `import` a .wasm file without a flag, so instantiate it by hand, as its glue code would. */
function loadWasm(): typeof bindings {
  if (!loaded) {
    const glue = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = readFileSync(path.join(path.dirname(glue), 'schema_engine_bg.wasm'));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    loaded = true;
  }
  return bindings;
}

const PG_CHAR_OID = 18; // the one-byte `"char"` type of the system catalogs
const PG_XML_OID = 142; // a type the adapter maps to text and catalog queries never return
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils
const CHAR_COLUMNS = Symbol('char columns');

type TaggedRows = unknown[] & { [CHAR_COLUMNS]?: number[] };

/**
 * The engine's introspection reads catalog columns of type `"char"` (e.g. pg_constraint.contype) and
 * expects them typed as Character, but @prisma/adapter-pg 7.10 does not map that type at all ("Column type
 * 'char' could not be deserialized"). This pool passes such columns through as text and marks where they
 * are; the adapter wrapper below then types them as Character.
 */
class CatalogFriendlyPool extends pg.Pool {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result = (super.query as (...a: any[]) => any)(...args);
    if (!result || typeof result.then !== 'function') return result;
    return result.then((res: pg.QueryResult) => {
      const charColumns: number[] = [];
      (res?.fields ?? []).forEach((field, index) => {
        if (field.dataTypeID === PG_CHAR_OID) {
          field.dataTypeID = PG_XML_OID;
          charColumns.push(index);
        }
      });
      if (charColumns.length && Array.isArray(res.rows)) (res.rows as TaggedRows)[CHAR_COLUMNS] = charColumns;
      return res;
    });
  }
}

interface RawResult {
  columnTypes: number[];
  rows: TaggedRows;
}

/**
 * The pool is given host, port, user and database separately: with a bare connection string the adapter's
 * shadow-database handling can silently fall back to the main database.
 */
function adapterFor(databaseUrl: string) {
  const url = new URL(databaseUrl);
  const pool = new CatalogFriendlyPool({
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
    max: 2,
    ...(url.searchParams.get('sslmode') === 'require' ? { ssl: { rejectUnauthorized: false } } : {}),
  });
  const factory = new PrismaPg(pool, { disposeExternalPool: true });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const queryRaw = adapter.queryRaw.bind(adapter);
    adapter.queryRaw = async (query) => {
      const result = (await queryRaw(query)) as unknown as RawResult;
      for (const index of result.rows[CHAR_COLUMNS] ?? []) result.columnTypes[index] = CHARACTER_COLUMN;
      return result as unknown as Awaited<ReturnType<typeof queryRaw>>;
    };
    return adapter;
  };
  return { adapter: factory, pool };
}

export interface EngineHandle {
  engine: SchemaEngine;
  close(): Promise<void>;
}

export async function openSchemaEngine(databaseUrl: string, schemaFiles: [string, string][]): Promise<EngineHandle> {
  const { SchemaEngine } = loadWasm();
  const { adapter, pool } = adapterFor(databaseUrl);
  const factory = bindMigrationAwareSqlAdapterFactory(adapter);
  const log = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) console.error('[schema-engine]', message);
  };
  const engine = (await SchemaEngine.new({ datamodels: schemaFiles }, log, factory)) as SchemaEngine;
  return {
    engine,
    async close() {
      engine.free();
      await pool.end().catch(() => undefined);
    },
  };
}

export const EMPTY_FILTERS = { externalTables: [], externalEnums: [] };
