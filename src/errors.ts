// Errors caused by the user's input (manifest, inputs, files). main turns each into a workflow
// annotation (`::error file=...,line=...::`) and fails the step before any write.

export interface Location {
  /** Repository-relative path. */
  file?: string;
  /** 1-based. */
  line?: number;
  col?: number;
}

export class InputError extends Error {
  readonly location: Location;
  /** What the user should do about it. */
  readonly fix?: string;

  constructor(message: string, location: Location = {}, fix?: string) {
    super(message);
    this.name = 'InputError';
    this.location = location;
    this.fix = fix;
  }
}

/** Several input errors found in one pass, reported together. */
export class InputErrors extends Error {
  readonly errors: InputError[];

  constructor(errors: InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'InputErrors';
    this.errors = errors;
  }
}
