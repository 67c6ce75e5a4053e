import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { HydrationMarker } from '@/components/ui/hydration';
import { ToastHost } from '@/components/ui/toast';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Agency portal', template: '%s · Agency portal' },
  description: 'Onboard candidates, set payment rates, enter timesheets and review payslips through Nxsys.',
  robots: { index: false, follow: false },
};

// Every page gets a per-request CSP nonce (proxy.ts), which needs dynamic rendering.
export const dynamic = 'force-dynamic';

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en-GB">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        {children}
        <ToastHost />
        <HydrationMarker />
      </body>
    </html>
  );
}
