/**
 * Domain errors. Services throw these; the HTTP layer maps each code to a status in one place
 * (platform/http/error-handler.ts), and the CLI prints the message.
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'INVALID'
  | 'CONFLICT'
  | 'VERSION_CONFLICT'
  | 'UNAUTHENTICATED'
  | 'CSRF_INVALID'
  | 'ACCOUNT_LOCKED'
  | 'RATE_LIMITED'
  | 'SETUP_DONE'
  | 'PASSWORD_CHANGE_REQUIRED';

export interface FieldIssue {
  /** Dotted path to the offending field, e.g. `body.email` or `leave.0.end`. */
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: FieldIssue[]; [key: string]: unknown },
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class NotFound extends AppError {
  constructor(entity: string) {
    super('NOT_FOUND', `${entity} not found`);
  }
}

export class Forbidden extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message);
  }
}

export class Invalid extends AppError {
  constructor(fields: FieldIssue[]) {
    super('INVALID', fields.map((f) => `${f.path}: ${f.message}`).join('; '), { fields });
  }
  static field(path: string, message: string): Invalid {
    return new Invalid([{ path, message }]);
  }
}

export class Conflict extends AppError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** Someone else saved the record since the client read it. */
export class VersionConflict extends AppError {
  constructor(entity: string, currentVersion: number) {
    super(
      'VERSION_CONFLICT',
      `This ${entity} was changed by someone else since you opened it (now version ${currentVersion}). Reload and try again.`,
      { currentVersion },
    );
  }
}

export class Unauthenticated extends AppError {
  constructor(message = 'Please log in') {
    super('UNAUTHENTICATED', message);
  }
}
