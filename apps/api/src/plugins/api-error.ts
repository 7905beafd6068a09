/** An HTTP error with the stock body shape `{"title", "description"}`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly title: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'ApiError';
  }
}

export const badFormat = (description: string) => new ApiError(400, 'Bad request format', description);
export const invalidParam = (name: string, why: string) =>
  new ApiError(400, 'Invalid parameter', `The "${name}" parameter is invalid. ${why}`);
