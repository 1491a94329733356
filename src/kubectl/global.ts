/**
 * kubectl's global flags (`kubectl options`). Podium implements the namespace, context and
 * request timeout; the others (credentials, servers, profiling) have no meaning in a simulated
 * cluster and answer with a clear "not supported" error.
 */
import type { FlagSpec } from './flags';

/** The global flags every command accepts. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', shorthand: 'n', type: 'string', default: '', usage: 'If present, the namespace scope for this CLI request' },
  { name: 'context', type: 'string', default: '', usage: 'The name of the kubeconfig context to use' },
  {
    name: 'request-timeout',
    type: 'string',
    default: '0',
    usage:
      "The length of time to wait before giving up on a single server request. Non-zero values should contain a corresponding time unit (e.g. 1s, 2m, 3h). A value of zero means don't timeout requests.",
  },
  { name: 'help', shorthand: 'h', type: 'bool', usage: 'help for this command', hidden: true },
  ...(
    [
      ['as', 'Username to impersonate for the operation. User could be a regular user or a service account in a namespace.'],
      ['as-uid', 'UID to impersonate for the operation.'],
      ['cache-dir', 'Default cache directory', '/root/.kube/cache'],
      ['certificate-authority', 'Path to a cert file for the certificate authority'],
      ['client-certificate', 'Path to a client certificate file for TLS'],
      ['client-key', 'Path to a client key file for TLS'],
      ['cluster', 'The name of the kubeconfig cluster to use'],
      ['kubeconfig', 'Path to the kubeconfig file to use for CLI requests.'],
      ['password', 'Password for basic authentication to the API server'],
      ['profile', 'Name of profile to capture. One of (none|cpu|heap|goroutine|threadcreate|block|mutex)', 'none'],
      ['profile-output', 'Name of the file to write the profile to', 'profile.pprof'],
      ['server', 'The address and port of the Kubernetes API server'],
      ['tls-server-name', 'Server name to use for server certificate validation. If it is not provided, the hostname used to contact the server is used'],
      ['token', 'Bearer token for authentication to the API server'],
      ['user', 'The name of the kubeconfig user to use'],
      ['username', 'Username for basic authentication to the API server'],
      ['vmodule', 'comma-separated list of pattern=N settings for file-filtered logging (only works for the default text log format)'],
    ] as const
  ).map(([name, usage, def]): FlagSpec => ({ name, type: 'string', default: def ?? '', usage, unsupported: true, ...(name === 'server' ? { shorthand: 's' } : {}) })),
  { name: 'as-group', type: 'stringArray', default: [], usage: 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.', unsupported: true },
  { name: 'log-flush-frequency', type: 'duration', default: '5s', usage: 'Maximum number of seconds between log flushes', unsupported: true },
  // klog's -v is a Level (an integer).
  { name: 'v', shorthand: 'v', type: 'int', default: 0, usage: 'number for the log level verbosity', unsupported: true },
  { name: 'insecure-skip-tls-verify', type: 'bool', default: false, usage: "If true, the server's certificate will not be checked for validity.", unsupported: true },
  { name: 'match-server-version', type: 'bool', default: false, usage: 'Require server version to match client version', unsupported: true },
  { name: 'disable-compression', type: 'bool', default: false, usage: 'If true, opt-out of response compression for all requests to the server', unsupported: true },
  { name: 'warnings-as-errors', type: 'bool', default: false, usage: 'Treat warnings received from the server as errors and exit with a non-zero exit code', unsupported: true },
];
