import { describe, expect, it } from 'vitest';
import './programs';
import { runExec } from './process';
import { FileSystem } from './fs';
import { imageEnv, imagePrograms, isResolved, resolveImage } from '../images';
import type { ContainerContext, PodNetwork } from './types';

function ctxFor(image: string): ContainerContext {
  const r = resolveImage(image);
  if (!isResolved(r)) throw new Error(image);
  const env = imageEnv(r).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]);
  return {
    namespace: 'default', podName: 'pod1', podUID: 'uid', containerName: 'c', nodeName: 'node', podIP: '10.244.1.2', hostIP: '172.18.0.3',
    hostNetwork: false, hostname: 'pod1', image: r.image, imageRef: image, imageTag: r.canonicalTag, programs: imagePrograms(r.image),
    env, workingDir: '/', nodeCpus: 2, mounts: {}, command: [], declaredPorts: [],
  };
}

const T0 = Date.parse('2025-03-03T09:00:00Z');
const refused = { resolve: () => ({}), dnsServer: () => '10.96.0.10', http: () => ({ ok: false, error: 'refused' }) } as unknown as PodNetwork;

describe('curl (the containers\' fallback client)', () => {
  it('still writes -w after a failed connection, with http_code 000', () => {
    const exec = (argv: string[]) => runExec(ctxFor('curlimages/curl'), argv, new FileSystem({}, ['/tmp']), T0, '', refused);
    expect(exec(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}\\n', '10.0.0.1:81'])).toMatchObject({ stdout: '000\n', stderr: '', exitCode: 7 });
    expect(exec(['curl', '-w', '%{http_code}', '10.0.0.1:81'])).toMatchObject({
      stdout: '000',
      stderr: "curl: (7) Failed to connect to 10.0.0.1 port 81 after 0 ms: Couldn't connect to server\n",
      exitCode: 7,
    });
  });
});
