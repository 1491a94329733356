/**
 * The simulated applications and programs inside containers. Importing this module registers
 * every program (shells, coreutils, busybox applets, network clients, server apps).
 */
import './programs';
import './servers';

export { ProcessRun, runExec, findProgram, execNotFoundMessage, applyFsOp, type FsOp, type ServerApp, type StopReaction, type ServeEnv } from './process';
export { prepareContainer, resolvConf, hostsFile, serviceEnv, expandVars, containerArgv, ContainerConfigError, CLUSTER_DNS_IP, CLUSTER_DOMAIN } from './container';
export { FileSystem, normalizePath } from './fs';
export type { ContainerContext, HttpRequest, HttpResponse, HttpOutcome, DnsAnswer, PodNetwork, LogLine } from './types';
export { formatDate } from './programs';
