import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { lazyCheck } from '@/components/forms/lazy-check';

const schema = z.object({
  name: z.string().min(1, 'Enter a name'),
  lines: z.array(z.object({ hours: z.number().positive('Enter hours') })),
});

describe('lazyCheck', () => {
  it('loads the schema once, on first use, and gives field errors keyed by path', async () => {
    const load = vi.fn(async () => schema);
    const check = lazyCheck(load);
    expect(load).not.toHaveBeenCalled();
    expect(await check({ name: '', lines: [{ hours: 0 }] })).toEqual({
      ok: false,
      fieldErrors: { name: 'Enter a name', 'lines.0.hours': 'Enter hours' },
    });
    expect(await check({ name: 'A', lines: [] })).toEqual({ ok: true, data: { name: 'A', lines: [] } });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('lets the form go to the server unchecked when the schema cannot be loaded, and tries again next time', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('chunk failed')).mockResolvedValue(schema);
    const check = lazyCheck(load);
    expect(await check({ name: '' })).toEqual({ ok: true, data: { name: '' } });
    expect(await check({ name: '', lines: [] })).toMatchObject({ ok: false, fieldErrors: { name: 'Enter a name' } });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
