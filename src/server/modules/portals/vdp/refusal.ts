/** A refusal of a user's file or value the caller turns into a 400 problem (a worker passes it back as data). */
export class PdfWorkRefusal extends Error {
  constructor(
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}
