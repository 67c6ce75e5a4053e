'use client';

import { useState, type ReactNode } from 'react';
import { GlobalSearch } from './global-search';
import { NavLinks } from './nav-links';
import { UserMenu } from './user-menu';

interface ShellUser {
  name: string;
  email: string;
  role: 'ADMIN' | 'STAFF';
  agencyName: string;
}

export function AppShell({ user, children }: { user: ShellUser; children: ReactNode }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const isAdmin = user.role === 'ADMIN';
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="no-print sticky top-0 z-40 border-b border-slate-200 bg-white">
        <div className="flex h-14 items-center gap-3 px-4">
          <button
            type="button"
            className="rounded-md p-2 text-slate-700 hover:bg-slate-100 lg:hidden"
            aria-label={menuOpen ? 'Close navigation' : 'Open navigation'}
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <svg aria-hidden width="20" height="20" viewBox="0 0 20 20" fill="currentColor">
              <path d="M2 4h16v2H2zM2 9h16v2H2zM2 14h16v2H2z" />
            </svg>
          </button>
          <span className="shrink-0 font-semibold text-brand-900">Agency portal</span>
          <span className="hidden text-slate-300 sm:inline" aria-hidden>
            /
          </span>
          <span className="hidden truncate text-sm text-slate-600 sm:inline" data-testid="agency-name">
            {user.agencyName}
          </span>
          <div className="ml-auto flex items-center gap-2">
            <GlobalSearch />
            <UserMenu name={user.name} email={user.email} role={user.role} />
          </div>
        </div>
      </header>
      <div className="flex">
        <nav
          id="main-nav"
          aria-label="Main"
          className={`no-print ${menuOpen ? 'block' : 'hidden'} fixed inset-x-0 top-14 z-30 border-b border-slate-200 bg-white p-3 lg:static lg:block lg:w-60 lg:shrink-0 lg:border-r lg:border-b-0 lg:bg-transparent`}
        >
          <NavLinks isAdmin={isAdmin} onNavigate={() => setMenuOpen(false)} />
        </nav>
        <main id="main" className="min-w-0 flex-1 px-4 py-6 lg:px-8">
          {children}
        </main>
      </div>
    </div>
  );
}
