import type { ComponentChildren } from 'preact';

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

export function TextInput({
  label,
  value,
  onChange,
  type = 'text',
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'number' | 'date';
  placeholder?: string;
}) {
  return (
    <Field label={label}>
      <input type={type as 'text'} value={value} placeholder={placeholder} onChange={(event) => onChange((event.target as HTMLInputElement).value)} />
    </Field>
  );
}
