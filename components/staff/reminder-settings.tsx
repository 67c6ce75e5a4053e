'use client';

import { useValuesForm } from '@/components/forms/use-values-form';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { useHydrated } from '@/components/ui/hydration';
import { Card } from '@/components/ui/page-header';
import { toast } from '@/components/ui/toast';
import { apiFetch } from '@/lib/api-client';
import type { ReminderSettingsForm } from '@/lib/notifications/schema';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The admin's switch, day and time of the weekly reminder; the route checks the values (no schema in the browser). */
export function ReminderSettings({ initial }: { initial: ReminderSettingsForm }) {
  const form = useValuesForm<ReminderSettingsForm>({ initialValues: initial, checkOn: 'submit', what: 'reminder setting' });
  const hydrated = useHydrated();
  return (
    <Card>
      <form
        {...form.formProps}
        className="max-w-md space-y-4"
        onSubmit={form.submit(async () => {
          const { data } = await apiFetch<{ data: ReminderSettingsForm }>('/api/staff/reminders', { method: 'PUT', json: form.latest() });
          form.update(() => data);
          toast.success(data.enabled ? 'Reminders are on.' : 'Reminders are off.');
        })}
      >
        <label className="flex items-center gap-3 text-sm">
          <input
            type="checkbox"
            className="h-4 w-4 rounded border-slate-300"
            {...form.checkbox('enabled')}
            disabled={!hydrated}
            data-field="enabled"
          />
          <span className="font-medium text-slate-800">Send the weekly reminder</span>
        </label>
        <SelectField
          label="Day"
          value={String(form.get('day'))}
          onChange={(e) => form.set('day', Number(e.target.value))}
          error={form.error('day')}
          data-field="day"
        >
          {DAYS.map((d, i) => (
            <option key={d} value={i + 1}>
              {d}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Time"
          type="time"
          {...form.text('time')}
          error={form.error('time')}
          data-field="time"
          hint="24-hour clock, e.g. 08:00"
        />
        <SelectField
          label="Time zone"
          value={String(form.get('timeZone'))}
          onChange={(e) => form.set('timeZone', e.target.value)}
          error={form.error('timeZone')}
          data-field="timeZone"
        >
          <option value="Europe/London">UK time (Europe/London)</option>
          <option value="Europe/Dublin">Irish time (Europe/Dublin)</option>
        </SelectField>
        {form.formError && (
          <p role="alert" className="text-sm text-red-700">
            {form.formError}
          </p>
        )}
        <Button type="submit" disabled={form.submitting || !form.dirty}>
          {form.submitting ? 'Saving…' : 'Save reminder setting'}
        </Button>
      </form>
    </Card>
  );
}
