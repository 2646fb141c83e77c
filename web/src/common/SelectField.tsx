import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface Props {
  label: string;
  value: string;
  onValue: (value: string) => void;
  required?: boolean;
  children: ComponentChildren;
}

/**
 * A select labelled by `for`/`id` rather than wrapped in its label: a wrapped select's accessible
 * name would also read out its current option ("Supplier Oatly" instead of "Supplier").
 */
export function SelectField({ label, value, onValue, required, children }: Props) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} required={required} value={value} onChange={(e) => onValue(e.currentTarget.value)}>
        {children}
      </select>
    </div>
  );
}
