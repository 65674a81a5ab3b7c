'use client';

import { useRef, useState, type ReactNode } from 'react';
import { Button } from './button';
import { Dialog } from './dialog';

/**
 * A submit button for a destructive form that asks first: it opens a dialog saying what will
 * happen, and only "confirm" submits the form it sits in (Escape or Cancel leaves it untouched).
 */
export function ConfirmButton({
  children,
  title,
  description,
  confirmLabel,
  disabled,
  size = 'sm',
  variant = 'danger',
  ariaLabel,
}: {
  children: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  disabled?: boolean;
  size?: 'sm' | 'md';
  variant?: 'danger' | 'secondary';
  ariaLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <>
      <Button ref={trigger} size={size} variant={variant} disabled={disabled} aria-label={ariaLabel} onClick={() => setOpen(true)}>
        {children}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} title={title}>
        <div className="space-y-4 text-sm">
          <div>{description}</div>
          <div className="flex justify-end gap-2">
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="danger"
              onClick={() => {
                setOpen(false);
                trigger.current?.form?.requestSubmit();
              }}
            >
              {confirmLabel}
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
