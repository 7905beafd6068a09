import { useRef, useState } from 'react';
import './token-secret.css';

/** Clipboard API first; it is missing outside secure contexts (plain HTTP to a non-local host). */
async function copyText(text: string, fallbackInput: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // permission refused: try the selection instead
  }
  if (!fallbackInput) return false;
  fallbackInput.select();
  return document.execCommand('copy');
}

/** The new token's secret, shown this once: the API keeps only its hash. */
export function TokenSecret({ secret, project }: { secret: string; project: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className="token-secret">
      <p role="alert">
        <strong>Copy this token now.</strong> It is shown only once; Freezer stores only a hash of it.
      </p>
      <div className="inline-form">
        <input
          ref={input}
          readOnly
          aria-label="New API token"
          className="mono"
          value={secret}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button
          type="button"
          className="primary"
          onClick={() => void copyText(secret, input.current).then(setCopied)}
        >
          Copy
        </button>
      </div>
      {copied === true ? <p className="hint">Copied to the clipboard.</p> : null}
      {copied === false ? <p className="danger-text">Could not copy: select the text and copy it.</p> : null}
      <p className="hint">
        freezer-scheduler reads it from <code>OS_TOKEN</code>; scripts send it as the{' '}
        <code>X-Auth-Token</code> header, e.g. to <code>/v2/{project}/jobs</code>.
      </p>
    </div>
  );
}
