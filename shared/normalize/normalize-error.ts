/** Base error of the normalizers; only thrown for programmer errors, never for messy input. */
export class NormalizeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NormalizeError';
  }
}

/** A name given as a canonical province is not one of the 63 old or 34 new provincial units. */
export class UnknownProvinceError extends NormalizeError {
  constructor(name: string, options?: { cause?: unknown }) {
    super(`unknown province: ${JSON.stringify(name)}`, options);
    this.name = 'UnknownProvinceError';
  }
}
