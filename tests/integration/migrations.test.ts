import { describe, expect, it } from 'vitest';
import { diffDatabaseToSchema, readSchema } from '../../scripts/db/migrations';

// The global setup applied the committed migrations to this run's fresh database.
const databaseUrl = () => process.env.DATABASE_URL!;

describe('committed migrations', () => {
  it('produce exactly the schema in prisma/schema.prisma (no drift)', async () => {
    expect(await diffDatabaseToSchema(databaseUrl())).toBe('');
  });

  it('would be reported as drifting if schema.prisma changed without a migration', async () => {
    const changed = readSchema() + '\nmodel DriftProbe {\n  id Int @id\n}\n';
    expect(await diffDatabaseToSchema(databaseUrl(), changed)).toContain('CREATE TABLE "DriftProbe"');
  });
});
