/** A body that is not a valid response, and `field` names the missing or invalid part. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
  readonly field: string | undefined;

  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}
