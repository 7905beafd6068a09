import { Field } from '../../../components/field';
import { TextField } from '../../../components/text-field';
import { ClientInput } from './client-input';

interface ClientPathFieldsProps {
  clientId: string;
  path: string;
  pathLabel: string;
  clientHint?: string;
  errors: { clientId?: string | undefined; path?: string | undefined };
  onClientId: (clientId: string) => void;
  onPath: (path: string) => void;
}

/** Where something goes: a target client and a path on it (restore dialogs). */
export function ClientPathFields({
  clientId,
  path,
  pathLabel,
  clientHint,
  errors,
  onClientId,
  onPath,
}: ClientPathFieldsProps) {
  return (
    <>
      <Field label="Target client" error={errors.clientId} {...(clientHint ? { hint: clientHint } : {})}>
        {(p) => <ClientInput {...p} value={clientId} onChange={onClientId} />}
      </Field>
      <TextField label={pathLabel} error={errors.path} value={path} onChange={onPath} />
    </>
  );
}
