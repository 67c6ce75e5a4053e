'use client';

import Link from 'next/link';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { signOut } from '@/lib/auth-client';

const ITEM =
  'block w-full cursor-pointer rounded px-3 py-2 text-left text-sm text-slate-700 outline-none hover:bg-slate-100 focus:bg-slate-100';

/**
 * The account menu (WAI-ARIA menu button): Enter, Space or ArrowDown open it on the first item, arrows move,
 * Home/End jump, Escape closes it and gives focus back to the button, Tab or a click elsewhere closes it.
 */
export function UserMenu({ name, email, role }: { name: string; email: string; role: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];

  useEffect(() => {
    if (!open) return;
    items()[0]?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menu.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const onMenuKey = (event: KeyboardEvent) => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[event.key];
    if (move !== undefined) {
      event.preventDefault();
      all[(move + all.length) % all.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (event.key === 'Tab') setOpen(false);
  };

  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? `${id}-menu` : undefined}
        onClick={() => setOpen((was) => !was)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
          }
        }}
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
      >
        <span aria-hidden className="flex h-7 w-7 items-center justify-center rounded-full bg-brand-600 text-xs text-white">
          {name.slice(0, 1).toUpperCase()}
        </span>
        {/* The name as its accessible name, as seen (WCAG 2.5.3: no aria-label that differs from the visible text); on a
            phone only the initial shows, so the name is there for screen readers only. */}
        <span className="sr-only sm:not-sr-only">{name}</span>
        <span className="sr-only">, account menu</span>
      </button>
      {open && (
        <div
          ref={menu}
          id={`${id}-menu`}
          role="menu"
          aria-labelledby={`${id}-button`}
          onKeyDown={onMenuKey}
          className="absolute right-0 z-50 mt-1.5 min-w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          <div role="none" className="px-3 py-2 text-sm">
            <p className="font-medium text-slate-900">{name}</p>
            <p className="text-slate-500">{email}</p>
            <p className="mt-1 text-xs tracking-wide text-slate-500 uppercase">{role === 'ADMIN' ? 'Admin' : 'Staff'}</p>
          </div>
          <div role="separator" className="my-1 h-px bg-slate-200" />
          <Link href="/account" role="menuitem" tabIndex={-1} onClick={() => setOpen(false)} className={ITEM}>
            Your account
          </Link>
          <a href="/account" role="menuitem" tabIndex={-1} className={ITEM}>
            Account and e-mails
          </a>
          <button type="button" role="menuitem" tabIndex={-1} onClick={() => void signOut('/sign-in')} className={ITEM}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
