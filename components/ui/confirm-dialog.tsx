'use client';

import { cloneElement, useState, type MouseEvent, type ReactElement } from 'react';
import { Button, type ButtonVariant } from './button';
import { Modal } from './modal';

interface ConfirmDialogProps {
  /** A button; clicking it opens the dialog. */
  trigger: ReactElement<{ onClick?: (event: MouseEvent<HTMLElement>) => void }>;
  title: string;
  description: string;
  confirmLabel: string;
  variant?: ButtonVariant;
  onConfirm: () => void;
}

/** "Are you sure?" as a native modal dialog (components/ui/modal.tsx); focus goes back to the trigger when it closes. */
export function ConfirmDialog({ trigger, title, description, confirmLabel, variant = 'primary', onConfirm }: ConfirmDialogProps) {
  const [open, setOpen] = useState(false);
  const { onClick } = trigger.props;
  return (
    <>
      {cloneElement(trigger, {
        'aria-haspopup': 'dialog',
        onClick: (event: MouseEvent<HTMLElement>) => {
          onClick?.(event);
          if (!event.defaultPrevented) setOpen(true);
        },
      } as Partial<typeof trigger.props>)}
      <Modal open={open} onClose={() => setOpen(false)} title={title} description={description}>
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            variant={variant}
            onClick={() => {
              setOpen(false);
              onConfirm();
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </Modal>
    </>
  );
}
