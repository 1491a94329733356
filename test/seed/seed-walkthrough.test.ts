/**
 * The seed tutorial (../shared/seed/k8s-core-pod-deployment-service.zh.txt), every command outside
 * its Service part, run in order on one cluster through cluster.kubectl, with what kubectl 1.32
 * prints against a 1.32 kubeadm/kind cluster with containerd.
 *
 * The cluster is seeded, so the outputs are exact. Each expected text was checked against real
 * kubectl 1.32 rather than copied from Podium: the client-side ones (`run`'s flag errors,
 * `create deployment --dry-run=client -o yaml`) were printed by kubectl v1.32.5 on this machine;
 * the server-side ones follow kubectl's describe.go, get's table printers, rollout_status.go and
 * history.go (1.32) line by line: column sets, the tabwriter alignment (the describe-pod `IPs:` and
 * `Controlled By:` lines share a section), 1.32 event wording (`Scaled up replica set X from 0 to 2`,
 * `Successfully pulled image "nginx" in 2.491s (2.491s including waiting). Image size: ...`), the
 * events sorted as SortableEvents does (the scheduler's events.k8s.io eventTime has microseconds,
 * the kubelet's lastTimestamp whole seconds), `op=Exists` in tolerations, containerd IDs, the
 * projected `kube-api-access-*` token volume that replaced the seed's `default-token-*` secret.
 * Where the seed (a 2019 cluster) differs, the 1.32 form is expected: `docker://` IDs become
 * `containerd://`, `pulling image` becomes `Pulling image`, `kubelet, host1` becomes `kubelet`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster, type Cluster } from '../../src/index';
import { runScenario } from '../../src/cli/main';

/** The seed's pod.yaml: a pod named `web`. */
const POD_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx
    ports:
    - containerPort: 80
`;

/** A ReplicationController for the seed's `kubectl delete rc NAME`. */
const RC_YAML = `apiVersion: v1
kind: ReplicationController
metadata:
  name: nginx
spec:
  replicas: 3
  selector:
    app: nginx
  template:
    metadata:
      name: nginx
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        ports:
        - containerPort: 80
`;

const T0 = Date.parse('2025-03-03T09:00:00Z');

describe('the seed walk-through, in order, on one cluster', () => {
  let cluster: Cluster;
  const files: Record<string, string> = { 'pod.yaml': POD_YAML, 'rc.yaml': RC_YAML };
  const kubectl = (line: string) => cluster.kubectl(line, { files });
  /** Seconds since the cluster's start time. */
  const elapsed = () => (cluster.now() - T0) / 1000;

  beforeAll(() => {
    cluster = createCluster({ strict: true });
  });

  it('lists pods: none in default; the kubeadm system pods in kube-system', async () => {
    expect(cluster.now()).toBe(T0);
    expect(await kubectl('get pod')).toEqual({ stdout: ``, stderr: `No resources found in default namespace.
`, exitCode: 0 });
    expect(await kubectl('get pod -n kube-system')).toEqual({ stdout: `NAME                                           READY   STATUS    RESTARTS   AGE
coredns-5755c5476f-74fhg                       1/1     Running   0          5m
coredns-5755c5476f-qcn62                       1/1     Running   0          5m
etcd-podium-control-plane                      1/1     Running   0          4m56s
kube-apiserver-podium-control-plane            1/1     Running   0          4m56s
kube-controller-manager-podium-control-plane   1/1     Running   0          4m56s
kube-proxy-7nhg8                               1/1     Running   0          4m37s
kube-proxy-ckpdt                               1/1     Running   0          4m35s
kube-proxy-pmdgr                               1/1     Running   0          4m56s
kube-scheduler-podium-control-plane            1/1     Running   0          4m56s
`, stderr: ``, exitCode: 0 });
  });

  it('create -f pod.yaml works once; the second time gives AlreadyExists as kubectl prints it', async () => {
    expect(await kubectl('create -f pod.yaml')).toEqual({ stdout: `pod/web created
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('create -f pod.yaml')).toEqual({ stdout: ``, stderr: `Error from server (AlreadyExists): error when creating "pod.yaml": pods "web" already exists
`, exitCode: 1 });
  });

  it('get pod -o wide shows the pod IP from the node\'s 10.244.N.0/24 and the node', async () => {
    cluster.advance(60_000);
    expect(await kubectl('get pod -o wide')).toEqual({ stdout: `NAME   READY   STATUS    RESTARTS   AGE   IP           NODE            NOMINATED NODE   READINESS GATES
web    1/1     Running   0          60s   10.244.1.2   podium-worker   <none>           <none>
`, stderr: ``, exitCode: 0 });
    expect(elapsed()).toBe(60);
  });

  it('describe node shows the node the pod runs on', async () => {
    expect(await kubectl('describe node podium-worker')).toEqual({ stdout: `Name:               podium-worker
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=podium-worker
                    kubernetes.io/os=linux
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Mon, 03 Mar 2025 08:55:25 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  podium-worker
  AcquireTime:     <unset>
  RenewTime:       Mon, 03 Mar 2025 09:00:55 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Mon, 03 Mar 2025 09:00:05 +0000   Mon, 03 Mar 2025 08:55:25 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Mon, 03 Mar 2025 09:00:05 +0000   Mon, 03 Mar 2025 08:55:25 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Mon, 03 Mar 2025 09:00:05 +0000   Mon, 03 Mar 2025 08:55:25 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Mon, 03 Mar 2025 09:00:05 +0000   Mon, 03 Mar 2025 08:55:39 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  172.18.0.3
  Hostname:    podium-worker
Capacity:
  cpu:                4
  ephemeral-storage:  102626232Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             8Gi
  pods:               110
Allocatable:
  cpu:                4
  ephemeral-storage:  102626232Ki
  hugepages-1Gi:      0
  hugepages-2Mi:      0
  memory:             8Gi
  pods:               110
System Info:
  Machine ID:                 12a97bbf5709afe45c51d0e85ad20d90
  System UUID:                d1d6685e-1850-4bfc-869b-68fabe71881d
  Boot ID:                    5af77615-9069-416c-9bdf-d96820c47675
  Kernel Version:             6.8.0-52-generic
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.32.2
  Kube-Proxy Version:         v1.32.2
PodCIDR:                      10.244.1.0/24
PodCIDRs:                     10.244.1.0/24
ProviderID:                   kind://docker/podium/podium-worker
Non-terminated Pods:          (2 in total)
  Namespace                   Name                CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                ------------  ----------  ---------------  -------------  ---
  default                     web                 0 (0%)        0 (0%)      0 (0%)           0 (0%)         60s
  kube-system                 kube-proxy-ckpdt    0 (0%)        0 (0%)      0 (0%)           0 (0%)         5m35s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests  Limits
  --------           --------  ------
  cpu                0 (0%)    0 (0%)
  memory             0 (0%)    0 (0%)
  ephemeral-storage  0 (0%)    0 (0%)
  hugepages-1Gi      0 (0%)    0 (0%)
  hugepages-2Mi      0 (0%)    0 (0%)
Events:
  Type     Reason                   Age    From             Message
  ----     ------                   ----   ----             -------
  Normal   Starting                 5m35s  kubelet          Starting kubelet.
  Warning  InvalidDiskCapacity      5m35s  kubelet          invalid capacity 0 on image filesystem
  Normal   NodeHasSufficientMemory  5m35s  kubelet          Node podium-worker status is now: NodeHasSufficientMemory
  Normal   NodeHasNoDiskPressure    5m35s  kubelet          Node podium-worker status is now: NodeHasNoDiskPressure
  Normal   NodeHasSufficientPID     5m35s  kubelet          Node podium-worker status is now: NodeHasSufficientPID
  Normal   NodeAllocatableEnforced  5m35s  kubelet          Updated Node Allocatable limit across pods
  Normal   Starting                 5m34s  kube-proxy       
  Normal   RegisteredNode           5m30s  node-controller  Node podium-worker event: Registered Node podium-worker in Controller
  Normal   NodeReady                5m21s  kubelet          Node podium-worker status is now: NodeReady
`, stderr: ``, exitCode: 0 });
  });

  it('apply -f pod.yaml may be repeated (the first over a created object warns and patches the annotation)', async () => {
    expect(await kubectl('apply -f pod.yaml')).toEqual({ stdout: `pod/web configured
`, stderr: `Warning: resource pods/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.
`, exitCode: 0 });
    expect(await kubectl('apply -f pod.yaml')).toEqual({ stdout: `pod/web unchanged
`, stderr: ``, exitCode: 0 });
    const pod = cluster.engine.store.get('Pod', 'default', 'web')!;
    expect(pod.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"name":"web"');
  });

  it('describe pod web', async () => {
    expect(await kubectl('describe pod web')).toEqual({ stdout: `Name:             web
Namespace:        default
Priority:         0
Service Account:  default
Node:             podium-worker/172.18.0.3
Start Time:       Mon, 03 Mar 2025 09:00:00 +0000
Labels:           app=web
Annotations:      <none>
Status:           Running
IP:               10.244.1.2
IPs:
  IP:  10.244.1.2
Containers:
  web:
    Container ID:   containerd://a908ace393b40704fb99528eeab31ee88998f7fc463973e1f417c1f7f71b7f1a
    Image:          nginx
    Image ID:       docker.io/library/nginx@sha256:1b8be3c34cc7788ad6d1aec66ef8a263102ff5b119d55424816f589193924050
    Port:           80/TCP
    Host Port:      0/TCP
    State:          Running
      Started:      Mon, 03 Mar 2025 09:00:03 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-n9pv9 (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-n9pv9:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  60s   default-scheduler  Successfully assigned default/web to podium-worker
  Normal  Pulling    60s   kubelet            Pulling image "nginx"
  Normal  Pulled     57s   kubelet            Successfully pulled image "nginx" in 2.78s (2.78s including waiting). Image size: 72950530 bytes.
  Normal  Created    57s   kubelet            Created container web
  Normal  Started    57s   kubelet            Started container web
`, stderr: ``, exitCode: 0 });
  });

  it('delete pod --all, delete -f FILE, delete pod NAME (and NotFound the second time)', async () => {
    expect(await kubectl('delete pod --all')).toEqual({ stdout: `pod "web" deleted
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('get pod')).toEqual({ stdout: ``, stderr: `No resources found in default namespace.
`, exitCode: 0 });
    expect(await kubectl('apply -f pod.yaml')).toEqual({ stdout: `pod/web created
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('run web2 --image=nginx')).toEqual({ stdout: `pod/web2 created
`, stderr: ``, exitCode: 0 });
    cluster.advance(10_000);
    expect(await kubectl('get pod')).toEqual({ stdout: `NAME   READY   STATUS    RESTARTS   AGE
web    1/1     Running   0          10s
web2   1/1     Running   0          10s
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('delete -f pod.yaml')).toEqual({ stdout: `pod "web" deleted
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('delete -f pod.yaml')).toEqual({ stdout: ``, stderr: `Error from server (NotFound): error when deleting "pod.yaml": pods "web" not found
`, exitCode: 1 });
    expect(await kubectl('delete pod web2')).toEqual({ stdout: `pod "web2" deleted
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('delete pod web2')).toEqual({ stdout: ``, stderr: `Error from server (NotFound): pods "web2" not found
`, exitCode: 1 });
  });

  it('delete rc NAME: the controller goes at once, its pods terminate and are replaced by nothing', async () => {
    expect(await kubectl('create -f rc.yaml')).toEqual({ stdout: `replicationcontroller/nginx created
`, stderr: ``, exitCode: 0 });
    cluster.advance(20_000);
    expect(await kubectl('get rc')).toEqual({ stdout: `NAME    DESIRED   CURRENT   READY   AGE
nginx   3         3         3       20s
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('get pod -o wide')).toEqual({ stdout: `NAME          READY   STATUS    RESTARTS   AGE   IP           NODE             NOMINATED NODE   READINESS GATES
nginx-8rfcv   1/1     Running   0          20s   10.244.1.5   podium-worker    <none>           <none>
nginx-psnb9   1/1     Running   0          20s   10.244.1.4   podium-worker    <none>           <none>
nginx-sqjj8   1/1     Running   0          20s   10.244.2.3   podium-worker2   <none>           <none>
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('delete rc nginx')).toEqual({ stdout: `replicationcontroller "nginx" deleted
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('get pod')).toEqual({ stdout: `NAME          READY   STATUS        RESTARTS   AGE
nginx-8rfcv   0/1     Terminating   0          20s
nginx-psnb9   0/1     Terminating   0          20s
nginx-sqjj8   0/1     Terminating   0          20s
`, stderr: ``, exitCode: 0 });
    cluster.advance(60_000);
    expect(await kubectl('get pod')).toEqual({ stdout: ``, stderr: `No resources found in default namespace.
`, exitCode: 0 });
  });

  it("the seed's old `kubectl run NAME --generator=run-pod/v1 --replicas=2`: kubectl 1.32's error and one Podium line", async () => {
    // Start the Deployment part on a whole minute, as the seed's transcript would.
    cluster.advance(60_000 - (cluster.now() % 60_000));
    expect(elapsed()).toBe(180);
    expect(await kubectl('run httpd-ken1 --generator=run-pod/v1 --image=httpd --replicas=2')).toEqual({ stdout: ``, stderr: `error: unknown flag: --generator
See 'kubectl run --help' for usage.
podium: since kubectl 1.18 "kubectl run" creates a single pod; for a deployment use: kubectl create deployment httpd-ken1 --image=httpd --replicas=2
`, exitCode: 1 });
    expect(cluster.engine.store.list('Pod', { namespace: 'default' })).toEqual([]);
    expect(cluster.engine.store.list('Deployment', { namespace: 'default' })).toEqual([]);
  });

  it('create deployment (the dry run is the manifest kept for later editing), then rollout status', async () => {
    expect(await kubectl('create deployment httpd-ken --image=httpd --replicas=2 --dry-run=client -o yaml')).toEqual({ stdout: `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: httpd-ken
  name: httpd-ken
spec:
  replicas: 2
  selector:
    matchLabels:
      app: httpd-ken
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: httpd-ken
    spec:
      containers:
      - image: httpd
        name: httpd
        resources: {}
status: {}
`, stderr: ``, exitCode: 0 });
    files['httpd-ken.yaml'] = (await kubectl('create deployment httpd-ken --image=httpd --replicas=2 --dry-run=client -o yaml')).stdout;
    expect(await kubectl('create deployment httpd-ken --image=httpd --replicas=2')).toEqual({ stdout: `deployment.apps/httpd-ken created
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('rollout status deployment/httpd-ken')).toEqual({ stdout: `Waiting for deployment "httpd-ken" rollout to finish: 0 of 2 updated replicas are available...
Waiting for deployment "httpd-ken" rollout to finish: 1 of 2 updated replicas are available...
deployment "httpd-ken" successfully rolled out
`, stderr: ``, exitCode: 0 });
  });

  it('get deployment and describe deployment', async () => {
    cluster.advance(60_000);
    expect(await kubectl('get deployment')).toEqual({ stdout: `NAME        READY   UP-TO-DATE   AVAILABLE   AGE
httpd-ken   2/2     2            2           62s
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('describe deployment httpd-ken')).toEqual({ stdout: `Name:                   httpd-ken
Namespace:              default
CreationTimestamp:      Mon, 03 Mar 2025 09:03:00 +0000
Labels:                 app=httpd-ken
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=httpd-ken
Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=httpd-ken
  Containers:
   httpd:
    Image:         httpd
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   httpd-ken-7d857fcb5 (2/2 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  62s   deployment-controller  Scaled up replica set httpd-ken-7d857fcb5 from 0 to 2
`, stderr: ``, exitCode: 0 });
  });

  it('get replicaset and describe replicaset', async () => {
    expect(await kubectl('get replicaset')).toEqual({ stdout: `NAME                  DESIRED   CURRENT   READY   AGE
httpd-ken-7d857fcb5   2         2         2       62s
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('describe replicaset')).toEqual({ stdout: `Name:           httpd-ken-7d857fcb5
Namespace:      default
Selector:       app=httpd-ken,pod-template-hash=7d857fcb5
Labels:         app=httpd-ken
                pod-template-hash=7d857fcb5
Annotations:    deployment.kubernetes.io/desired-replicas: 2
                deployment.kubernetes.io/max-replicas: 3
                deployment.kubernetes.io/revision: 1
Controlled By:  Deployment/httpd-ken
Replicas:       2 current / 2 desired
Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=httpd-ken
           pod-template-hash=7d857fcb5
  Containers:
   httpd:
    Image:         httpd
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age   From                   Message
  ----    ------            ----  ----                   -------
  Normal  SuccessfulCreate  62s   replicaset-controller  Created pod: httpd-ken-7d857fcb5-jj9rh
  Normal  SuccessfulCreate  62s   replicaset-controller  Created pod: httpd-ken-7d857fcb5-z8xpj
`, stderr: ``, exitCode: 0 });
  });

  it('get pod and describe pod (every pod of the namespace)', async () => {
    expect(await kubectl('get pod')).toEqual({ stdout: `NAME                        READY   STATUS    RESTARTS   AGE
httpd-ken-7d857fcb5-jj9rh   1/1     Running   0          62s
httpd-ken-7d857fcb5-z8xpj   1/1     Running   0          62s
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('describe pod')).toEqual({ stdout: `Name:             httpd-ken-7d857fcb5-jj9rh
Namespace:        default
Priority:         0
Service Account:  default
Node:             podium-worker2/172.18.0.4
Start Time:       Mon, 03 Mar 2025 09:03:00 +0000
Labels:           app=httpd-ken
                  pod-template-hash=7d857fcb5
Annotations:      <none>
Status:           Running
IP:               10.244.2.4
IPs:
  IP:           10.244.2.4
Controlled By:  ReplicaSet/httpd-ken-7d857fcb5
Containers:
  httpd:
    Container ID:   containerd://1da64694c345980dd2a28fca908db0e713b1140945acd7c9de2a27776913bcbb
    Image:          httpd
    Image ID:       docker.io/library/httpd@sha256:4ccf0a4bbba6530e13cc0e5fb19b8d6c3b2a6df7f04479a6c9f28e928b0d4337
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Mon, 03 Mar 2025 09:03:02 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-kvzqd (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-kvzqd:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  62s   default-scheduler  Successfully assigned default/httpd-ken-7d857fcb5-jj9rh to podium-worker2
  Normal  Pulling    62s   kubelet            Pulling image "httpd"
  Normal  Pulled     60s   kubelet            Successfully pulled image "httpd" in 2.185s (2.185s including waiting). Image size: 58153932 bytes.
  Normal  Created    60s   kubelet            Created container httpd
  Normal  Started    60s   kubelet            Started container httpd


Name:             httpd-ken-7d857fcb5-z8xpj
Namespace:        default
Priority:         0
Service Account:  default
Node:             podium-worker/172.18.0.3
Start Time:       Mon, 03 Mar 2025 09:03:00 +0000
Labels:           app=httpd-ken
                  pod-template-hash=7d857fcb5
Annotations:      <none>
Status:           Running
IP:               10.244.1.6
IPs:
  IP:           10.244.1.6
Controlled By:  ReplicaSet/httpd-ken-7d857fcb5
Containers:
  httpd:
    Container ID:   containerd://c7d082be1a668fcdab51e1d7c93de6a82638cea7e81a157fb204a11827c0a195
    Image:          httpd
    Image ID:       docker.io/library/httpd@sha256:4ccf0a4bbba6530e13cc0e5fb19b8d6c3b2a6df7f04479a6c9f28e928b0d4337
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Mon, 03 Mar 2025 09:03:02 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-fsjsd (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-fsjsd:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  62s   default-scheduler  Successfully assigned default/httpd-ken-7d857fcb5-z8xpj to podium-worker
  Normal  Pulling    62s   kubelet            Pulling image "httpd"
  Normal  Pulled     60s   kubelet            Successfully pulled image "httpd" in 2.419s (2.419s including waiting). Image size: 58153932 bytes.
  Normal  Created    60s   kubelet            Created container httpd
  Normal  Started    60s   kubelet            Started container httpd
`, stderr: ``, exitCode: 0 });
  });

  it('editing the image in the YAML and applying it starts a rolling update; rollout status follows it to the end', async () => {
    files['httpd-ken.yaml'] = files['httpd-ken.yaml'].replace('- image: httpd\n', '- image: httpd:2.4-alpine\n');
    expect(files['httpd-ken.yaml']).toContain('- image: httpd:2.4-alpine\n');
    expect(await kubectl('apply -f httpd-ken.yaml')).toEqual({ stdout: `deployment.apps/httpd-ken configured
`, stderr: `Warning: resource deployments/httpd-ken is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.
`, exitCode: 0 });
    expect(await kubectl('rollout status deployment/httpd-ken')).toEqual({ stdout: `Waiting for deployment "httpd-ken" rollout to finish: 1 out of 2 new replicas have been updated...
Waiting for deployment "httpd-ken" rollout to finish: 1 old replicas are pending termination...
deployment "httpd-ken" successfully rolled out
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('get replicaset')).toEqual({ stdout: `NAME                  DESIRED   CURRENT   READY   AGE
httpd-ken-5b84dd489   2         2         2       4s
httpd-ken-7d857fcb5   0         0         0       66s
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('get pod')).toEqual({ stdout: `NAME                        READY   STATUS        RESTARTS   AGE
httpd-ken-5b84dd489-6cwlk   1/1     Running       0          4s
httpd-ken-5b84dd489-nt2c9   1/1     Running       0          1s
httpd-ken-7d857fcb5-jj9rh   0/1     Terminating   0          66s
`, stderr: ``, exitCode: 0 });
    expect(await kubectl('rollout history deployment/httpd-ken')).toEqual({ stdout: `deployment.apps/httpd-ken 
REVISION  CHANGE-CAUSE
1         <none>
2         <none>

`, stderr: ``, exitCode: 0 });
    cluster.advance(60_000);
    expect(await kubectl('describe deployment httpd-ken')).toEqual({ stdout: `Name:                   httpd-ken
Namespace:              default
CreationTimestamp:      Mon, 03 Mar 2025 09:03:00 +0000
Labels:                 app=httpd-ken
Annotations:            deployment.kubernetes.io/revision: 2
Selector:               app=httpd-ken
Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=httpd-ken
  Containers:
   httpd:
    Image:         httpd:2.4-alpine
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  httpd-ken-7d857fcb5 (0/0 replicas created)
NewReplicaSet:   httpd-ken-5b84dd489 (2/2 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  2m6s  deployment-controller  Scaled up replica set httpd-ken-7d857fcb5 from 0 to 2
  Normal  ScalingReplicaSet  64s   deployment-controller  Scaled up replica set httpd-ken-5b84dd489 from 0 to 1
  Normal  ScalingReplicaSet  61s   deployment-controller  Scaled down replica set httpd-ken-7d857fcb5 from 2 to 1
  Normal  ScalingReplicaSet  61s   deployment-controller  Scaled up replica set httpd-ken-5b84dd489 from 1 to 2
  Normal  ScalingReplicaSet  60s   deployment-controller  Scaled down replica set httpd-ken-7d857fcb5 from 1 to 0
`, stderr: ``, exitCode: 0 });
  });

  it('delete deployment NAME takes its ReplicaSets and pods with it', async () => {
    expect(await kubectl('delete deployment httpd-ken')).toEqual({ stdout: `deployment.apps "httpd-ken" deleted
`, stderr: ``, exitCode: 0 });
    cluster.advance(60_000);
    expect(await kubectl('get deployment,replicaset,pod')).toEqual({ stdout: ``, stderr: `No resources found in default namespace.
`, exitCode: 0 });
    expect(cluster.engine.store.list('ReplicaSet', { namespace: 'default' })).toEqual([]);
  });
});

describe('the seed walk-through as a `podium run` script', () => {
  // The same script runs unchanged under bash against a real cluster: `|| true` keeps the second
  // create from stopping `set -e`, and the seed's own (typo'd) `kubectl run` line stops it.
  const SCRIPT = `#!/bin/bash
set -e
kubectl create -f pod.yaml
kubectl create -f pod.yaml || true
kubectl apply -f pod.yaml
kubectl apply -f pod.yaml
kubectl wait --for=condition=Ready pod/web --timeout=60s
kubectl get pod web -o jsonpath='{.status.podIP}{"\\n"}'
kubectl delete pod --all
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpd-ken
spec:
  replicas: 2
  selector:
    matchLabels:
      run: httpd-ken
  template:
    metadata:
      labels:
        run: httpd-ken
    spec:
      containers:
      - name: httpd-ken
        image: httpd
EOF
kubectl rollout status deployment/httpd-ken
sleep 60
kubectl get deployment
kubectl run httpd-ken1--generator=run-pod/v1 --image=httpd --replicas=2
echo not reached
`;

  it('prints the transcript and exits as bash would', async () => {
    const r = await runScenario(SCRIPT, { files: { 'pod.yaml': POD_YAML } });
    expect(r.exitCode).toBe(1);
    expect(r.transcript).toBe(`$ set -e
$ kubectl create -f pod.yaml
pod/web created
$ kubectl create -f pod.yaml || true
Error from server (AlreadyExists): error when creating "pod.yaml": pods "web" already exists
$ kubectl apply -f pod.yaml
Warning: resource pods/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.
pod/web configured
$ kubectl apply -f pod.yaml
pod/web unchanged
$ kubectl wait --for=condition=Ready pod/web --timeout=60s
pod/web condition met
$ kubectl get pod web -o jsonpath='{.status.podIP}{"\\n"}'
10.244.1.2
$ kubectl delete pod --all
pod "web" deleted
$ kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: httpd-ken
spec:
  replicas: 2
  selector:
    matchLabels:
      run: httpd-ken
  template:
    metadata:
      labels:
        run: httpd-ken
    spec:
      containers:
      - name: httpd-ken
        image: httpd
EOF
deployment.apps/httpd-ken created
$ kubectl rollout status deployment/httpd-ken
Waiting for deployment "httpd-ken" rollout to finish: 0 of 2 updated replicas are available...
Waiting for deployment "httpd-ken" rollout to finish: 1 of 2 updated replicas are available...
deployment "httpd-ken" successfully rolled out
$ sleep 60
$ kubectl get deployment
NAME        READY   UP-TO-DATE   AVAILABLE   AGE
httpd-ken   2/2     2            2           63s
$ kubectl run httpd-ken1--generator=run-pod/v1 --image=httpd --replicas=2
error: unknown flag: --replicas
See 'kubectl run --help' for usage.
podium: since kubectl 1.18 "kubectl run" creates a single pod; for a deployment use: kubectl create deployment httpd-ken1 --image=httpd --replicas=2
`);
  });
});
