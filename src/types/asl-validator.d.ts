// asl-validator 4 ships no typings; this is the part we call (CJS: `module.exports = validator`).
declare module 'asl-validator' {
  interface ValidationError {
    'Error code': string;
    Message: string;
  }
  interface ValidatorOptions {
    checkPaths: boolean;
    checkArn: boolean;
  }
  interface ValidationResult {
    isValid: boolean;
    errors: ValidationError[];
    errorsText(separator?: string): string;
  }
  /** Note: adds QueryLanguage to every state of the object it is given; pass a copy. */
  function validator(definition: unknown, opts?: ValidatorOptions): ValidationResult;
  export default validator;
}
