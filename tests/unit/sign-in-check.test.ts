import { describe, expect, it } from 'vitest';
import { signInSchema } from '@/lib/validations/auth';
import { checkSignIn, SIGN_IN_MESSAGES } from '@/lib/validations/sign-in';

// The sign-in page checks its fields without zod (lib/validations/sign-in.ts); the server checks with signInSchema.
// Both must answer an empty or malformed form with the same message at the same field.
describe('the sign-in form check', () => {
  const cases = [
    { email: '', password: '' },
    { email: 'not-an-email', password: 'x' },
    { email: '  someone@agency.example ', password: '' },
    { email: 'someone@agency.example', password: 'secret' },
  ];
  for (const values of cases) {
    it(`agrees with signInSchema for ${JSON.stringify(values)}`, () => {
      const parsed = signInSchema.safeParse(values);
      const fromSchema = Object.fromEntries((parsed.error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]));
      expect(checkSignIn(values)).toEqual(fromSchema);
    });
  }

  it('uses the messages the people see', () => {
    expect(checkSignIn({ email: '', password: '' })).toEqual({ email: SIGN_IN_MESSAGES.email, password: SIGN_IN_MESSAGES.password });
    expect(SIGN_IN_MESSAGES).toEqual({ email: 'Enter your email address', password: 'Enter your password' });
  });
});
