import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeErrors, valueAt, withValueAt } from '@/components/forms/use-values-form';
import { emptyCandidate } from '@/lib/candidates/empty-form';
import { candidateSchema } from '@/lib/candidates/schema';
import { OPTIONS, REQUIRED_CHOICES, SECTIONS, sectionOf } from '@/lib/candidates/options';
import { RATE_FLAGS, RATE_TYPES, RATE_UNITS } from '@/lib/payment-rates/options';
import { paymentRateSchema } from '@/lib/payment-rates/schema';

describe('useValuesForm helpers', () => {
  it('reads and writes dotted paths without touching the rest (arrays stay arrays)', () => {
    const values = emptyCandidate('uk');
    const next = withValueAt(values, 'generalSetting.address.1', 'Flat 2');
    expect(valueAt(next, 'generalSetting.address.1')).toBe('Flat 2');
    expect(Array.isArray(next.generalSetting.address)).toBe(true);
    expect(next.generalSetting.address).toEqual(['', 'Flat 2', '']);
    expect(values.generalSetting.address).toEqual(['', '', '']); // the original is never changed
    expect(next.bankSetting).toBe(values.bankSetting); // untouched blocks are shared
    expect(valueAt(next, 'generalSetting.nothing.here')).toBeUndefined();
  });

  it("replaces only the checked paths' messages: a step's check keeps a server message on another step", () => {
    const was = { 'generalSetting.NINumber': 'Nxsys needs an NI number', 'bankSetting.sortCode': 'Enter the sort code' };
    const found = { 'bankSetting.accountNumber': 'Enter an 8-digit account number', 'generalSetting.forename': 'Enter the first name' };
    const bank = (p: string) => p.startsWith('bankSetting.');
    expect(mergeErrors(was, found, bank)).toEqual({
      'generalSetting.NINumber': 'Nxsys needs an NI number',
      'bankSetting.accountNumber': 'Enter an 8-digit account number',
    });
  });

  it('the browser check gives each step its own fields, keyed as the inputs are named', () => {
    const result = candidateSchema('uk').safeParse({ ...emptyCandidate('uk') });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('generalSetting.address.0');
    expect(paths.filter((p) => sectionOf(p) === 0)).toEqual(expect.arrayContaining(['generalSetting.forename', 'generalSetting.DOB']));
    expect(SECTIONS[sectionOf('generalSetting.address.0')]!.id).toBe('contact');
  });
});

describe('zod-free form constants', () => {
  it('the schemas take their choices from options.ts (one list, no drift)', () => {
    const general = candidateSchema('uk').shape.generalSetting.shape;
    // An optional choice may be left unmade (''); a required one has no empty value.
    expect(general.title.options).toEqual(['', ...OPTIONS.title]);
    expect(general.documentType.options).toEqual(['', ...OPTIONS.documentType]);
    expect(general.payFrequency.options).toEqual([...OPTIONS.payFrequency]);
    // The form's "Choose…" (required) and "Not given" (optional) follow the schema.
    const payroll = candidateSchema('uk').shape.payrollSetting.shape;
    for (const field of REQUIRED_CHOICES) expect({ ...general, ...payroll }[field].options, field).not.toContain('');
    expect(paymentRateSchema.shape.type.options).toEqual([...RATE_TYPES]);
    expect(paymentRateSchema.shape.units.options).toEqual([...RATE_UNITS]);
    expect(RATE_FLAGS.map(([key]) => key).every((key) => key in paymentRateSchema.shape)).toBe(true);
  });

  // What the candidate and payment-rate pages load first: no zod, no form library, no react-query (bench/bundle-size.ts
  // has the figures; this says which import broke them without a build). `import type` and `import()` cost nothing.
  it.each(['components/candidates/candidate-form.tsx', 'components/payment-rates/payment-rate-form.tsx'])(
    '%s loads no zod, react-hook-form or react-query at first',
    (entry) => {
      const root = path.resolve(__dirname, '../..');
      const heavy = ['zod', 'react-hook-form', '@hookform/resolvers/zod', '@tanstack/react-query'];
      const seen = new Set<string>();
      const found: string[] = [];
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const source = readFileSync(path.join(root, file), 'utf8');
        for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
          const spec = m[1]!;
          if (heavy.includes(spec)) found.push(`${file} → ${spec}`);
          const base = spec.startsWith('@/')
            ? spec.slice(2)
            : spec.startsWith('.')
              ? path.posix.join(path.posix.dirname(file), spec)
              : null;
          if (!base) continue;
          const next = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find(
            (f) => existsSync(path.join(root, f)) && !f.endsWith('/'),
          );
          if (next && /\.tsx?$/.test(next)) visit(next);
        }
      };
      visit(entry);
      expect(found).toEqual([]);
      expect(seen.size).toBeGreaterThan(5);
    },
  );
});
