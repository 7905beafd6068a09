/** A dashboard session of a Keystone user: the cookie's hash → the Keystone token it stands for. */
interface KeystoneSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
}

/**
 * Web sessions of Keystone users, in this process's memory: the Keystone token never reaches the
 * browser (only our HttpOnly cookie does) and is checked again through the validator's cache on every
 * request, so revoking it in Keystone ends the session too. A restart logs these users out.
 */
export class KeystoneSessions {
  private readonly sessions = new Map<string, KeystoneSession>();

  create(sessionHash: string, session: KeystoneSession): void {
    this.sweep();
    this.sessions.set(sessionHash, session);
  }

  get(sessionHash: string): KeystoneSession | undefined {
    const s = this.sessions.get(sessionHash);
    if (s && s.expiresAt > Date.now()) return s;
    this.sessions.delete(sessionHash);
    return undefined;
  }

  delete(sessionHash: string): void {
    this.sessions.delete(sessionHash);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [hash, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(hash);
  }
}
