'use client';

import { DownloadLink } from '@/components/ui/download-link';

/**
 * "Export CSV" and "Export XLSX" of exactly what the list's filters select: the list's query without its paging
 * (every page is exported), in the list's order.
 */
export function ExportLinks({ path, query, className = '' }: { path: string; query: URLSearchParams; className?: string }) {
  const href = (format: 'csv' | 'xlsx') => {
    const q = new URLSearchParams(query);
    q.delete('page');
    q.delete('size');
    q.set('format', format);
    return `${path}?${q}`;
  };
  return (
    <div className={`flex gap-2 ${className}`}>
      <DownloadLink href={href('csv')}>Export CSV</DownloadLink>
      <DownloadLink href={href('xlsx')}>Export XLSX</DownloadLink>
    </div>
  );
}
