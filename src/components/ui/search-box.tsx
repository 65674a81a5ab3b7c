'use client';

import { inputClass } from './field';

/** A search field over a list of choices (shops among hundreds), labelled for screen readers only. */
export function SearchBox({
  id,
  label,
  placeholder,
  value,
  onChange,
}: {
  id: string;
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <>
      <label className="sr-only" htmlFor={id}>
        {label}
      </label>
      <input id={id} type="search" className={inputClass} placeholder={placeholder} value={value} onChange={(event) => onChange(event.target.value)} />
    </>
  );
}
