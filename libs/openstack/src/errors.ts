/** One clear line for every failed OpenStack call: which service, what, and what it answered. */
export class OpenStackError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OpenStackError';
  }
}

/** The message inside an OpenStack error body ({"error": {"message"}} or {"badRequest": {...}} …). */
export function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    for (const value of Object.values(parsed)) {
      if (value && typeof value === 'object' && 'message' in value) {
        return String((value as { message: unknown }).message);
      }
    }
  } catch {
    // not JSON: the text itself, trimmed to one line
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 300);
}
