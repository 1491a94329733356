/**
 * API errors shaped as the API server's metav1.Status, and field errors shaped as apimachinery's
 * field.Error, so kubectl can print exactly what a real cluster prints.
 */
import { type KindInfo, qualifiedKind, qualifiedResource } from './registry';

/** The `reason` of a failed Status (metav1.StatusReason). */
export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'MethodNotAllowed'
  | 'InternalError'
  | 'Timeout'
  | 'UnsupportedMediaType'
  | 'Expired';

/** One field-level cause of an Invalid error. */
export interface StatusCause {
  /** `FieldValueInvalid`, `FieldValueRequired`, ... */
  reason: string;
  message: string;
  field: string;
}

/** metav1.Status of a failed request. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  status: 'Failure';
  message: string;
  reason: StatusReason;
  code: number;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
}

/** An error returned by the simulated API server; carries the Status a real one would send. */
export class ApiError extends Error {
  /** Builds an error from a Status. */
  constructor(readonly status: Status) {
    super(status.message);
    this.name = 'ApiError';
  }

  /** The Status reason (`NotFound`, ...). */
  get reason(): StatusReason {
    return this.status.reason;
  }

  /** The HTTP code (404, ...). */
  get code(): number {
    return this.status.code;
  }
}

/** Whether a value is an ApiError with the given reason. */
export function isApiError(err: unknown, reason?: StatusReason): err is ApiError {
  return err instanceof ApiError && (reason === undefined || err.reason === reason);
}

function status(reason: StatusReason, code: number, message: string, details?: Status['details']): ApiError {
  return new ApiError({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code, details });
}

/** `deployments.apps "x" not found` */
export function notFound(info: KindInfo, name: string): ApiError {
  return status('NotFound', 404, `${qualifiedResource(info)} "${name}" not found`, {
    name,
    group: info.group || undefined,
    kind: info.resource,
  });
}

/** `pods "x" already exists` */
export function alreadyExists(info: KindInfo, name: string): ApiError {
  return status('AlreadyExists', 409, `${qualifiedResource(info)} "${name}" already exists`, {
    name,
    group: info.group || undefined,
    kind: info.resource,
  });
}

/** The optimistic-concurrency failure for a stale resourceVersion. */
export function conflict(info: KindInfo, name: string, detail?: string): ApiError {
  const why = detail ?? 'the object has been modified; please apply your changes to the latest version and try again';
  return status('Conflict', 409, `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": ${why}`, {
    name,
    group: info.group || undefined,
    kind: info.resource,
  });
}

/** A 400 with a free-form message. */
export function badRequest(message: string): ApiError {
  return status('BadRequest', 400, message);
}

/** A 403, as admission plugins return it: `pods "x" is forbidden: <why>`. */
export function forbidden(info: KindInfo, name: string, why: string): ApiError {
  return status('Forbidden', 403, `${qualifiedResource(info)} "${name}" is forbidden: ${why}`, {
    name,
    group: info.group || undefined,
    kind: info.resource,
  });
}

/** A 405, for verbs a resource does not support. */
export function methodNotAllowed(message: string): ApiError {
  return status('MethodNotAllowed', 405, message);
}

/** A 500. */
export function internalError(message: string): ApiError {
  return status('InternalError', 500, `Internal error occurred: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Field errors (k8s.io/apimachinery/pkg/util/validation/field)

/** The type of a field error; the string is what the message prints. */
export type FieldErrorType =
  | 'Required value'
  | 'Invalid value'
  | 'Unsupported value'
  | 'Duplicate value'
  | 'Forbidden'
  | 'Too long'
  | 'Too many'
  | 'Not found'
  | 'Internal error';

const CAUSE_REASON: Record<FieldErrorType, string> = {
  'Required value': 'FieldValueRequired',
  'Invalid value': 'FieldValueInvalid',
  'Unsupported value': 'FieldValueNotSupported',
  'Duplicate value': 'FieldValueDuplicate',
  Forbidden: 'FieldValueForbidden',
  'Too long': 'FieldValueTooLong',
  'Too many': 'FieldValueTooMany',
  'Not found': 'FieldValueNotFound',
  'Internal error': 'InternalError',
};

/** Marks a bad value that is not printed (field.OmitValueType). */
export const OMIT = Symbol('omit');

/** A value rendered as Go's `%#v` would render it, for maps and slices in messages. */
export class GoValue {
  /** Wraps an already-rendered Go representation. */
  constructor(readonly text: string) {}
}

/** One validation failure at a field path. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  badValue?: unknown;
  detail?: string;
}

/** Renders the value part of a field error as field.Error.ErrorBody does. */
function renderBadValue(v: unknown): string {
  if (v instanceof GoValue) return v.text;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return goSprintValue(v);
}

/** Go's `%#v` of a JSON value, close enough for maps of strings and slices of strings. */
export function goSprintValue(v: unknown): string {
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
    return `[]interface {}{${v.map(goSprintValue).join(', ')}}`;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.every(([, x]) => typeof x === 'string'))
      return `map[string]string{${entries.map(([a, b]) => `${JSON.stringify(a)}:${JSON.stringify(b)}`).join(', ')}}`;
    return `map[string]interface {}{${entries.map(([a, b]) => `${JSON.stringify(a)}:${goSprintValue(b)}`).join(', ')}}`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** The message of one field error: `spec.replicas: Invalid value: -1: must be greater than or equal to 0`. */
export function fieldErrorMessage(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** The part after the field path. */
export function fieldErrorBody(e: FieldError): string {
  let s: string;
  if (e.type === 'Required value' || e.type === 'Forbidden' || e.type === 'Internal error' || e.badValue === OMIT) {
    s = e.type;
  } else if (e.type === 'Too long' || e.type === 'Too many') {
    s = e.type;
  } else {
    s = `${e.type}: ${renderBadValue(e.badValue)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** Helpers that build field errors with the API server's wording. */
export const field = {
  required: (path: string, detail = ''): FieldError => ({ type: 'Required value', field: path, detail }),
  invalid: (path: string, value: unknown, detail: string): FieldError => ({ type: 'Invalid value', field: path, badValue: value, detail }),
  notSupported: (path: string, value: unknown, supported: string[]): FieldError => ({
    type: 'Unsupported value',
    field: path,
    badValue: value,
    detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  }),
  duplicate: (path: string, value: unknown): FieldError => ({ type: 'Duplicate value', field: path, badValue: value }),
  forbidden: (path: string, detail: string): FieldError => ({ type: 'Forbidden', field: path, detail }),
  tooLong: (path: string, max: number): FieldError => ({ type: 'Too long', field: path, detail: `may not be more than ${max} bytes` }),
  notFound: (path: string, value: unknown): FieldError => ({ type: 'Not found', field: path, badValue: value }),
};

/**
 * The 422 the API server returns for an invalid object: message `Deployment.apps "web" is invalid:
 * [a, b]` (brackets only for several), details with the kind and one cause per field error.
 */
export function invalid(info: KindInfo, name: string, errs: FieldError[]): ApiError {
  const msgs = errs.map(fieldErrorMessage);
  const joined = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  return status('Invalid', 422, `${qualifiedKind(info)} "${name}" is invalid: ${joined}`, {
    name,
    group: info.group || undefined,
    kind: info.kind,
    causes: errs.map((e) => ({ reason: CAUSE_REASON[e.type], message: fieldErrorBody(e), field: e.field })),
  });
}
