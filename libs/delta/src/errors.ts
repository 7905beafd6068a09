export type DeltaErrorCode = 'corrupt' | 'truncated' | 'mismatch';

/** One-line errors: a damaged signature/delta, one that ends early, or a delta applied to the wrong base. */
export class DeltaError extends Error {
  constructor(
    readonly code: DeltaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeltaError';
  }
}
