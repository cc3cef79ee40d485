/** An outcome a page shows instead of its content: the status decides which GOV.UK error page. */
export class PageError extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 500,
    /** Shown on the error page (403 only), e.g. why a form was refused. */
    readonly userMessage?: string,
  ) {
    super(userMessage ?? `page error ${status}`);
  }
}
