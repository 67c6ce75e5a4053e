import { describe, expect, it } from 'vitest';
import { failureBanner, isDirty, serverFieldErrors, withoutErrors, withValueAt } from '@/components/forms/use-values-form';

// The pure parts of the one controlled-form hook (components/forms/use-values-form.ts); its dotted paths and
// step-scoped checks are in values-form.test.ts.
describe('the form hook: dirty', () => {
  const initial = { code: 'HOL', rates: [{ units: '1', rate: '10.00' }], flags: { taxable: true } };

  it('a form is dirty when its values differ from the initial ones, nested values too', () => {
    expect(isDirty(initial, initial)).toBe(false);
    expect(isDirty(withValueAt(initial, 'code', 'HOL2'), initial)).toBe(true);
    expect(isDirty(withValueAt(initial, 'rates.0.units', '2'), initial)).toBe(true);
    expect(isDirty(withValueAt(initial, 'flags.taxable', false), initial)).toBe(true);
    expect(isDirty({ ...initial, rates: [...initial.rates, { units: '', rate: '' }] }, initial)).toBe(true);
  });

  it('a change undone is no change (Save greys out again)', () => {
    const changed = withValueAt(initial, 'code', 'HOL2');
    expect(isDirty(withValueAt(changed, 'code', 'HOL'), initial)).toBe(false);
    // A copy with the same values is not a change either.
    expect(isDirty(structuredClone(initial), initial)).toBe(false);
  });
});

describe('the form hook: server field errors at the form', () => {
  it('maps each server path to the form field; when two map to one field, the first message stays', () => {
    const gridPath = (path: string) => path.replace(/^rates\.(\d+)\.\w+$/, (_, i: string) => `rows.${Math.floor(Number(i) / 7)}`);
    expect(
      serverFieldErrors(
        {
          'rates.0.units': 'Too many hours',
          'rates.3.units': 'Not a number',
          'rates.7.vatID': 'Unknown VAT code',
          subcontractorRef: 'Pick one',
        },
        gridPath,
      ),
    ).toEqual({ 'rows.0': 'Too many hours', 'rows.1': 'Unknown VAT code', subcontractorRef: 'Pick one' });
    expect(serverFieldErrors({ 'a.b': 'x' })).toEqual({ 'a.b': 'x' });
  });

  it("forgets a field's messages and its children's when it is edited (others stay)", () => {
    const was = { 'rates.1': 'Add a rate', 'rates.1.units': 'Enter the units', 'rates.10.units': 'Other line', code: 'Enter a code' };
    expect(withoutErrors(was, ['rates.1'])).toEqual({ 'rates.10.units': 'Other line', code: 'Enter a code' });
    expect(withoutErrors(was, ['nothing'])).toBe(was); // nothing went: the same object, no new render
  });

  it('the banner points at the marked fields and says the messages that have none', () => {
    expect(failureBanner('validation_failed', 1)).toBe('Some fields need attention: see the field marked below.');
    expect(failureBanner('validation_failed', 2)).toBe('Some fields need attention: see the fields marked below.');
    expect(failureBanner('nxsys_rejected', 3)).toBe('Nxsys did not accept this: see the fields marked below.');
    expect(failureBanner('nxsys_rejected', 0, ['Period is closed.'])).toBe('Nxsys did not accept this. Period is closed.');
    expect(failureBanner('validation_failed', 1, ['Period is closed.'])).toBe(
      'Some fields need attention: see the field marked below. Period is closed.',
    );
    expect(failureBanner('validation_failed', 0, ['Period is closed.'])).toBe('Period is closed.');
  });
});
