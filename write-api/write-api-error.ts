/** A request the write API refuses before any command runs; `status` is the HTTP answer. */
export class WriteApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'WriteApiError';
  }
}
