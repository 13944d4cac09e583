/** A request the read API refuses or cannot answer; `status` is the HTTP answer. */
export class ReadApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: { path: string; message: string }[],
    /** Sent with the problem, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ReadApiError';
  }
}
