/**
 * `kubectl explain RESOURCE[.FIELD...]` (kubectl pkg/cmd/explain, OpenAPI v3 plaintext template):
 * see explain/explain.ts for the rendering.
 */
import type { Verb } from '../registry';
import { KubectlError } from '../errors';
import { resolveType } from '../resources';
import { ExplainFieldError, explainText } from '../explain/explain';

/** `kubectl explain`. */
export const explainVerb: Verb = {
  name: 'explain',
  group: 'Basic Commands (Intermediate)',
  short: 'Get documentation for a resource',
  usage: 'kubectl explain TYPE [--recursive=FALSE|TRUE] [--api-version=api-version-group] [-o|--output=plaintext|plaintext-openapiv2] [options]',
  flags: [
    { name: 'api-version', type: 'string', default: '', usage: 'Use given api-version (group/version) of the resource.' },
    { name: 'output', shorthand: 'o', type: 'string', default: 'plaintext', usage: 'Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).' },
    { name: 'recursive', type: 'bool', default: false, usage: 'When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.' },
  ],
  run(ctx, args, flags) {
    if (args.length !== 1) {
      if (!args.length)
        throw new KubectlError(
          'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n',
          1,
        );
      throw new KubectlError('We accept only this format: explain RESOURCE\n');
    }
    const output = String(flags.output ?? 'plaintext');
    if (output === 'plaintext-openapiv2') throw new KubectlError('podium: "--output=plaintext-openapiv2" is not simulated; Podium explains from the OpenAPI v3 schema (the default output).', 1, true);
    const [resource, ...fieldPath] = args[0].split('.');
    let info;
    try {
      info = resolveType(resource);
    } catch (err) {
      // explain asks the RESTMapper directly, whose NoResourceMatchError kubectl's checkErr prints
      // without the "error: " prefix (kubectl pkg/cmd/util/helpers.go, meta.IsNoMatchError case).
      if (err instanceof KubectlError) throw new KubectlError(err.message, 1, true);
      throw err;
    }
    const apiVersion = String(flags['api-version'] ?? '');
    // kubectl pkg/explain/v2/explain.go: the --api-version replaces the GVR's group/version; printed as
    // GroupVersionResource.String(), e.g. "apps/v1, Resource=pods".
    if (apiVersion && apiVersion !== info.apiVersion) {
      const [g, v] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
      throw new KubectlError(`couldn't find resource for "${g}/${v}, Resource=${info.resource}"`);
    }
    // Any other format name reaches the template generator, which does not know it.
    if (output !== 'plaintext') throw new KubectlError(`unrecognized format: ${output}`);
    try {
      ctx.out(explainText(info, fieldPath, !!flags.recursive));
    } catch (err) {
      // The template has already written the GROUP/KIND/VERSION header when it fails on a field.
      if (err instanceof ExplainFieldError) ctx.out(err.header);
      throw err;
    }
    return 0;
  },
};
