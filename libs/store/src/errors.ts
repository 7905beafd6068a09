/** Domain errors; the API maps each kind to its HTTP status and the stock error title. */
export type StoreErrorKind = 'bad_request' | 'not_found' | 'conflict' | 'exists';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export const badRequest = (message: string) => new StoreError('bad_request', message);
export const notFound = (message: string) => new StoreError('not_found', message);
export const versionConflict = (what: string, id: string, expected: number, actual: number) =>
  new StoreError(
    'conflict',
    `${what} ${id} was modified: _version ${expected} is stale, the current version is ${actual}`,
  );
export const alreadyExists = (message: string) => new StoreError('exists', message);
