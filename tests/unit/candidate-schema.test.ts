import { describe, expect, it } from 'vitest';
import { fromNxsysCandidate, toNxsysCandidate } from '@/lib/candidates/nxsys';
import { emptyCandidate } from '@/lib/candidates/empty-form';
import { candidateSchema, heldIdentifiers, sectionOf } from '@/lib/candidates/schema';

function ukValues() {
  const v = emptyCandidate('uk');
  Object.assign(v.generalSetting, {
    forename: 'Tom',
    surname: 'Baker',
    DOB: '1990-05-15',
    NINumber: 'ab 12 34 56 c',
    address: ['1 High Street', '', ''],
    city: 'London',
    postCode: 'sw1a1aa',
    mobile: '07700 900123',
    email: 'tom@example.com',
    payFrequency: 'WEEKLY',
  });
  Object.assign(v.bankSetting, { bankName: 'Barclays', accountName: 'Tom Baker', sortCode: '12-34-56', accountNumber: '12345678' });
  v.payrollSetting.paymentModel = 'CIS';
  return v;
}

describe('candidate schema', () => {
  it('lets a legacy NI number Nxsys already holds through unchanged, and refuses it once changed', () => {
    const held = ukValues();
    held.generalSetting.NINumber = 'ZZ810407C';
    const rules = candidateSchema('uk', heldIdentifiers(held));
    expect(candidateSchema('uk').safeParse(held).success).toBe(false); // onboarding: our rules apply
    expect(rules.safeParse(held).success).toBe(true);
    expect(rules.safeParse({ ...held, generalSetting: { ...held.generalSetting, NINumber: 'zz 81 04 07 c' } }).success).toBe(true);
    const changed = rules.safeParse({ ...held, generalSetting: { ...held.generalSetting, NINumber: 'ZZ810407D' } });
    expect(changed.success).toBe(false);
    expect(changed.error?.issues[0]?.path.join('.')).toBe('generalSetting.NINumber');
    expect((toNxsysCandidate('uk', rules.parse(held)).generalSetting as Record<string, unknown>).NINumber).toBe('ZZ810407C');
  });

  it('turns valid UK values into the Nxsys body, with identifiers normalised and empty values left out', () => {
    const parsed = candidateSchema('uk').parse(ukValues());
    const body = toNxsysCandidate('uk', parsed);
    expect(body.generalSetting).toMatchObject({ NINumber: 'AB123456C', postCode: 'SW1A 1AA', address: ['1 High Street'] });
    expect(body.generalSetting).not.toHaveProperty('county');
    expect(body.bankSetting.sortCode).toBe('123456');
    expect(toNxsysCandidate('uk', parsed, { forUpdate: true }).bankSetting.sortCode).toBe('12-34-56');
  });

  it('an untouched form has no choice made and nothing pre-filled: its body carries only what was typed or chosen', () => {
    for (const country of ['uk', 'ie'] as const) {
      const { generalSetting: g, payrollSetting: p, pensionSetting } = emptyCandidate(country);
      for (const key of [
        'title',
        'gender',
        'maritalStatus',
        'nationality',
        'payFrequency',
        'payMethod',
        'rightToWorkStatus',
        'documentType',
      ])
        expect(g[key as keyof typeof g], `${country} ${key}`).toBe('');
      expect(p.paymentModel).toBe('');
      expect(pensionSetting).toEqual({ scheme: '', optState: '' });
    }
    const body = toNxsysCandidate('uk', candidateSchema('uk').parse(ukValues()));
    expect(Object.keys(body.generalSetting).sort()).toEqual(
      ['DOB', 'NINumber', 'address', 'city', 'country', 'email', 'forename', 'mobile', 'payFrequency', 'postCode', 'surname'].sort(),
    );
    expect(body.payrollSetting).toEqual({ paymentModel: 'CIS' });
    // A choice made is sent; a pension with only a scheme chosen sends only the scheme.
    const chosen = ukValues();
    Object.assign(chosen.generalSetting, { title: 'NONE', gender: 'FEMALE' });
    chosen.pensionSetting.scheme = 'NEST';
    const sent = toNxsysCandidate('uk', candidateSchema('uk').parse(chosen)).generalSetting;
    expect(sent).toMatchObject({ title: 'NONE', gender: 'FEMALE', pensionSetting: { scheme: 'NEST' } });
    expect(sent.pensionSetting).not.toHaveProperty('optState');
  });

  it('pay frequency and payment model are chosen, never defaulted: left unmade, each is refused at its field', () => {
    const v = ukValues();
    v.generalSetting.payFrequency = '';
    v.payrollSetting.paymentModel = '';
    const result = candidateSchema('uk').safeParse(v);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['generalSetting.payFrequency', 'Choose the pay frequency'],
      ['payrollSetting.paymentModel', 'Choose the payment model'],
    ]);
  });

  it('reports every bad field at its path', () => {
    const v = ukValues();
    v.generalSetting.NINumber = 'QQ123456C';
    v.generalSetting.postCode = 'NOT A CODE';
    v.generalSetting.DOB = `${new Date().getUTCFullYear() - 10}-01-01`;
    const result = candidateSchema('uk').safeParse(v);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['generalSetting.NINumber', 'generalSetting.postCode', 'generalSetting.DOB']));
  });

  it('checks the Irish PPS check character and IBAN', () => {
    const v = emptyCandidate('ie');
    Object.assign(v.generalSetting, {
      forename: 'Aoife',
      surname: 'Byrne',
      DOB: '1995-02-01',
      address: ['1 Main Street', '', ''],
      city: 'Dublin',
      eircode: 'D02 Y006',
      mobile: '083 123 4567',
      email: 'aoife@example.com',
      payFrequency: 'MONTHLY',
    });
    v.payrollSetting.paymentModel = 'PAYEE';
    Object.assign(v.bankSetting, {
      bankName: 'AIB',
      accountName: 'Aoife Byrne',
      IBANReference: 'IE29AIBK93115212345679',
      SWIFTNo: 'AIBKIE2D',
    });
    v.payrollSetting.PPSNumber = '6433435E';
    // No UK default (NEST) for an Irish candidate: the pension is a choice to make.
    expect(v.pensionSetting).toEqual({ scheme: '', optState: '' });
    v.pensionSetting = { scheme: 'OTHER', optState: 'OPTED_IN' };
    const result = candidateSchema('ie').safeParse(v);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['bankSetting.IBANReference', 'payrollSetting.PPSNumber']);
    v.payrollSetting.PPSNumber = '6433435F';
    v.bankSetting.IBANReference = 'IE29 AIBK 9311 5212 3456 78';
    const ok = candidateSchema('ie').parse(v);
    expect(toNxsysCandidate('ie', ok).bankSetting.IBANReference).toBe('IE29AIBK93115212345678');
  });

  it('reads both UK blocks and Irish bank/setting back into the form', () => {
    const ie = fromNxsysCandidate('ie', {
      generalSetting: { forename: 'Aoife', address: ['1 Main St'] },
      bank: { IBANReference: 'IE29AIBK93115212345678' },
      setting: { PPSNumber: '6433435F', paymentModel: 'PAYE' },
    });
    expect(ie.bankSetting.IBANReference).toBe('IE29AIBK93115212345678');
    expect(ie.payrollSetting.PPSNumber).toBe('6433435F');
    expect(ie.generalSetting.address).toEqual(['1 Main St', '', '']);
    const uk = fromNxsysCandidate('uk', { generalSetting: { forename: 'Tom' }, bankSetting: { sortCode: '123456' } });
    expect(uk.bankSetting.sortCode).toBe('12-34-56');
  });

  it('knows which step of the form each field is on', () => {
    expect(sectionOf('generalSetting.NINumber')).toBe(0);
    expect(sectionOf('generalSetting.address.0')).toBe(1);
    expect(sectionOf('bankSetting.sortCode')).toBe(4);
    expect(sectionOf('payrollSetting.PPSNumber')).toBe(5);
  });
});
