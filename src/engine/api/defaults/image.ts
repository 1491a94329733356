/**
 * Image references as the kubelet and the API server read them (docker/distribution reference
 * grammar, pkg/util/parsers ParseImageName): the tag decides the default imagePullPolicy.
 */

// Path components: lower-case alphanumerics separated by `.`, `_`, `__` or runs of `-`.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const REFERENCE_RE = new RegExp(
  `^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);

/** The parts of an image reference; undefined when the reference does not parse. */
export interface ImageRef {
  /** Registry host (with port), if given. */
  domain?: string;
  path: string;
  /** The tag; `latest` when neither a tag nor a digest is given (ParseImageName). */
  tag: string;
  digest: string;
}

/** Parses an image reference as ParseImageName does (`nginx` -> tag latest, `nginx@sha256:..` -> no tag). */
export function parseImageName(image: string): ImageRef | undefined {
  const m = REFERENCE_RE.exec(image);
  if (!m) return undefined;
  let domain: string | undefined = m[1];
  let path = m[2];
  // A first component without `.`/`:` that is not `localhost` is part of the path (docker.io/library).
  if (domain && !/[.:]/.test(domain) && domain !== 'localhost' && domain.toLowerCase() === domain) {
    path = `${domain}/${path}`;
    domain = undefined;
  }
  if ((domain ? domain.length + 1 : 0) + path.length > 255) return undefined;
  const tag = m[3] ?? '';
  const digest = m[4] ?? '';
  return { domain, path, tag: !tag && !digest ? 'latest' : tag, digest };
}

/**
 * The default imagePullPolicy (SetDefaults_Container): `Always` when the tag is `latest` (or
 * missing, which means latest), `IfNotPresent` otherwise, including digest-only references and
 * references that do not parse.
 */
export function defaultPullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  const ref = parseImageName(image ?? '');
  return ref?.tag === 'latest' ? 'Always' : 'IfNotPresent';
}
