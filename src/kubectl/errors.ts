/**
 * How kubectl prints failures: `Error from server (NotFound): ...` for API errors, the
 * multi-line `The Deployment "web" is invalid: ...` form for Invalid ones, `error: ...` for
 * client-side errors, each with exit code 1 (cmdutil.CheckErr).
 */
import { ApiError, isApiError } from '../engine/api/errors';

/** A client-side kubectl error; printed as `error: <message>` unless `raw`. */
export class KubectlError extends Error {
  /** Creates the error; `raw` prints the message as is (no `error: ` prefix). */
  constructor(
    message: string,
    readonly exitCode = 1,
    readonly raw = false,
  ) {
    super(message);
  }
}

/** A required flag that was not given: cobra's error, printed by CheckErr as `error: required flag(s) "image" not set`. */
export class RequiredFlagError extends KubectlError {
  /** Creates the error for the flag `flag` (without dashes). */
  constructor(readonly flag: string) {
    super(`required flag(s) "${flag}" not set`);
  }
}

/** The text kubectl prints for an error (without the trailing newline). */
export function formatError(err: unknown): string {
  if (err instanceof KubectlError) return err.raw ? err.message : `error: ${err.message}`;
  if (isApiError(err)) return formatApiError(err);
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}

/** kubectl's StandardErrorMessage / checkErr for an API status error. */
export function formatApiError(err: ApiError): string {
  const st = err.status;
  if (st.reason === 'Invalid') {
    const d = st.details ?? {};
    let s = 'The request is invalid';
    if (d.kind || d.name) s = `The ${d.kind} "${d.name}" is invalid`;
    const causes = d.causes ?? [];
    if (!causes.length) return `${s}: ${st.message}`;
    const msgs = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    if (msgs.length === 1) return `${s}: ${msgs[0]}`;
    return `${s}: \n${msgs.map((m) => `* ${m}`).join('\n')}`;
  }
  return `Error from server (${st.reason}): ${st.message}`;
}

/**
 * Wraps an API error with its source as kubectl's AddSourceToErr does:
 * `error when creating "pod.yaml": pods "web" already exists`.
 */
export function addSourceToErr(verb: string, source: string | undefined, err: unknown): unknown {
  if (!source) return err;
  if (isApiError(err)) {
    return new ApiError({ ...err.status, message: `error when ${verb} "${source}": ${err.status.message}` });
  }
  if (err instanceof Error) return new KubectlError(`error when ${verb} "${source}": ${err.message}`);
  return err;
}
