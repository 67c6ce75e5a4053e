import Link from 'next/link';
import type { Column } from '@/components/list/data-list';

/** The first column of every timesheet list: the timesheet's id, linking to its page (no prefetch: lists are long). */
export function timesheetLinkColumn<Row extends { id: string }>(): Column<Row> {
  return {
    label: 'Timesheet',
    className: 'font-medium',
    cell: (t) => (
      <Link href={`/timesheets/${t.id}`} prefetch={false} className="text-brand-700 hover:underline">
        {t.id}
      </Link>
    ),
  };
}
