'use client';

import { useState, type ReactNode } from 'react';
import { toast } from '@/components/ui/toast';
import { apiDownload } from '@/lib/api-client';
import { buttonClasses, type ButtonVariant } from './button';

/**
 * A download (PDF, CSV) that fails where the user is: the file is fetched first, so a Nxsys failure becomes a
 * message on the page rather than a broken file in the downloads bar. Still a plain link without JavaScript.
 */
export function DownloadLink({
  href,
  children,
  variant = 'secondary',
  className = '',
}: {
  href: string;
  children: ReactNode;
  variant?: ButtonVariant;
  className?: string;
}) {
  const [busy, setBusy] = useState(false);
  const download = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const { blob, filename } = await apiDownload(href);
      const url = URL.createObjectURL(blob);
      const a = Object.assign(document.createElement('a'), { href: url, download: filename ?? '' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : 'The download failed. Please try again.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <a
      href={href}
      download
      aria-busy={busy}
      onClick={(e) => {
        e.preventDefault();
        void download();
      }}
      className={buttonClasses(variant, className)}
    >
      {children}
    </a>
  );
}
