/** An outcome a page shows instead of its content: the status decides which GOV.UK error page. */
export class PageError extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 500,
    message?: string,
  ) {
    super(message ?? `page error ${status}`);
  }
}
