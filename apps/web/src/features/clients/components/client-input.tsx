import { useClientIds } from '../api/queries';

interface ClientInputProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby'?: string;
  value: string;
  onChange: (clientId: string) => void;
}

/** A free client id box that suggests the registered clients. */
export function ClientInput({ value, onChange, ...field }: ClientInputProps) {
  const clients = useClientIds();
  const listId = `${field.id}-clients`;
  return (
    <>
      <input {...field} list={listId} value={value} onChange={(e) => onChange(e.target.value)} />
      <datalist id={listId}>
        {clients.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
    </>
  );
}
