import { readFile } from 'node:fs/promises';
import { passphraseFromFile } from '@freezer/codec';
import { AgentError } from './errors.js';

/** The first line of --encrypt-pass-file, as `openssl enc -pass file:` reads it. */
export async function readPassphrase(file: string | undefined): Promise<Uint8Array | undefined> {
  if (!file) return undefined;
  let contents: Uint8Array;
  try {
    contents = new Uint8Array(await readFile(file));
  } catch (err) {
    throw new AgentError(
      `--encrypt-pass-file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const passphrase = passphraseFromFile(contents);
  if (passphrase.length === 0) throw new AgentError(`--encrypt-pass-file ${file}: the first line is empty`);
  return passphrase;
}
