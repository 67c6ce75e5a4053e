// Reading prisma/migrations and diffing schemas with the WASM schema engine (./schema-engine.ts).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { EMPTY_FILTERS, openSchemaEngine } from './schema-engine';

export const MIGRATIONS_DIR = path.resolve('prisma/migrations');
export const SCHEMA_PATH = path.resolve('prisma/schema.prisma');
export const LOCKFILE = 'migration_lock.toml';

export function readSchema(): string {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

/** The migrations folder in the shape the engine takes, as `prisma migrate deploy` reads it. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationList {
  const lockPath = path.join(dir, LOCKFILE);
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(path.join(dir, name, 'migration.sql'), 'utf8') },
      },
    })),
  };
}

/** Creates the database on the server unless it exists. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${serverUrl.replace(/\/[^/@]*$/, '')}/postgres` });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${serverUrl.replace(/\/[^/@]*$/, '')}/postgres` });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database.replace(/"/g, '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Applies pending migrations exactly as `prisma migrate deploy` does (recording `_prisma_migrations`). */
export async function applyMigrations(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<string[]> {
  // The engine needs a datamodel even to apply migrations (it reads the datasource from it).
  const { engine, close } = await openSchemaEngine(databaseUrl, [[SCHEMA_PATH, readSchema()]]);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: readMigrations(dir), filters: EMPTY_FILTERS });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}

/**
 * SQL that takes the database at `databaseUrl` to the given schema text ('' when they already match).
 * Used to write new migrations (from a database holding the existing ones) and to detect drift.
 */
export async function diffDatabaseToSchema(databaseUrl: string, schemaText = readSchema()): Promise<string> {
  const files = [{ path: SCHEMA_PATH, content: schemaText }];
  const { engine, close } = await openSchemaEngine(databaseUrl, [[SCHEMA_PATH, schemaText]]);
  try {
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: path.dirname(SCHEMA_PATH) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: EMPTY_FILTERS,
    });
    const sql = (result.stdout ?? '').trim();
    return /^-- This is an empty migration\.?$/.test(sql) ? '' : sql;
  } finally {
    await close();
  }
}
