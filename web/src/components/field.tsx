import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A labelled form control (every input of the dashboard has a visible label). */
export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the label's child (every caller passes one)
    <label class="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function Select({ label, value, options, onChange }: { label: string; value: string; options: readonly (readonly [string, string])[]; onChange: (value: string) => void }) {
  return (
    <Field label={label}>
      <select value={value} onChange={(event) => onChange((event.target as HTMLSelectElement).value)}>
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * A labelled text input. What is typed is kept in the input's own draft, so a re-render of the page
 * (its data arriving) never wipes it; `commit` says when the page hears of it: on every keystroke
 * (`input`, for forms whose submit reads the state) or when the user leaves the field or presses
 * Enter (`change`, for filters that query the server).
 */
export function TextInput({
  label,
  value,
  onChange,
  type = 'text',
  placeholder,
  commit = 'change',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'number' | 'date';
  placeholder?: string;
  commit?: 'input' | 'change';
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const typed = (event: Event) => {
    const next = (event.target as HTMLInputElement).value;
    setDraft(next);
    if (commit === 'input') onChange(next);
  };
  const committed = (event: Event) => {
    const next = (event.target as HTMLInputElement).value;
    if (commit === 'change' && next !== value) onChange(next);
  };
  return (
    <Field label={label}>
      <input type={type as 'text'} value={draft} placeholder={placeholder} onInput={typed} onChange={committed} />
    </Field>
  );
}
