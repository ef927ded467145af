/**
 * Hand-written template lists in the style of the LogPAI loghub systems and of
 * our simulator's services. Each template is one ground-truth event; the
 * placeholders (see generate.ts) are its variables. Word-valued placeholders
 * (`{user}`, `{host}`, `{word:a|b}`) are deliberate: real logs vary in words,
 * not only in numbers, and that is where template miners go wrong.
 */
export interface CorpusTemplate {
  text: string;
  weight?: number;
  level?: string;
  component?: string;
}

export interface CorpusDataset {
  name: string;
  /** Prefix rendered before each line (`{level}` / `{component}` come from the template). */
  header?: string;
  templates: CorpusTemplate[];
}

export const hdfs: CorpusDataset = {
  name: 'HDFS',
  header: '081109 {time} {num:10-3000} {level} {component}:',
  templates: [
    { text: 'PacketResponder {small} for block blk_{blk} terminating', weight: 30, component: 'dfs.DataNode$PacketResponder' },
    { text: 'Received block blk_{blk} of size {int} from /{ip}', weight: 25, component: 'dfs.DataNode$PacketResponder' },
    { text: 'Receiving block blk_{blk} src: /{ip}:{port} dest: /{ip}:50010', weight: 25, component: 'dfs.DataNode$DataXceiver' },
    { text: 'BLOCK* NameSystem.addStoredBlock: blockMap updated: {ip}:50010 is added to blk_{blk} size {int}', weight: 25, component: 'dfs.FSNamesystem' },
    { text: 'BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_200811092030_0001_m_00{num:1000-9999}_0/part-0{num:1000-9999}. blk_{blk}', weight: 8, component: 'dfs.FSNamesystem' },
    { text: 'Verification succeeded for blk_{blk}', weight: 5, component: 'dfs.DataBlockScanner' },
    { text: 'Deleting block blk_{blk} file /mnt/hadoop/dfs/data/current/subdir{small}/blk_{blk}', weight: 6, component: 'dfs.FSDataset' },
    { text: 'BLOCK* NameSystem.delete: blk_{blk} is added to invalidSet of {ip}:50010', weight: 6, component: 'dfs.FSNamesystem' },
    { text: '{ip}:50010 Served block blk_{blk} to /{ip}', weight: 5, component: 'dfs.DataNode$DataXceiver' },
    { text: '{ip}:50010:Got exception while serving blk_{blk} to /{ip}:', weight: 3, level: 'WARN', component: 'dfs.DataNode$DataXceiver' },
    { text: 'writeBlock blk_{blk} received exception java.io.IOException: Could not read from stream', weight: 1, level: 'INFO', component: 'dfs.DataNode$DataXceiver' },
    { text: 'PacketResponder blk_{blk} {small} Exception java.io.InterruptedIOException: Interruped while waiting for IO on channel java.nio.channels.SocketChannel[connected local=/{ip}:{port} remote=/{ip}:50010]. 60000 millis timeout left.', weight: 1, component: 'dfs.DataNode$PacketResponder' },
    { text: 'Starting thread to transfer block blk_{blk} to {ip}:50010', weight: 2, component: 'dfs.DataNode' },
    { text: 'BLOCK* ask {ip}:50010 to replicate blk_{blk} to datanode(s) {ip}:50010', weight: 2, component: 'dfs.FSNamesystem' },
    { text: 'BLOCK* NameSystem.addStoredBlock: Redundant addStoredBlock request received for blk_{blk} on {ip}:50010 size {int}', weight: 1, component: 'dfs.FSNamesystem' },
  ],
};

export const apache: CorpusDataset = {
  name: 'Apache',
  header: '[Sun Dec 04 {time} 2005] [{level}]',
  templates: [
    { text: 'jk2_init() Found child {num:1000-9999} in scoreboard slot {small}', weight: 25, level: 'notice' },
    { text: 'workerEnv.init() ok /etc/httpd/conf/workers2.properties', weight: 25, level: 'notice' },
    { text: 'mod_jk child workerEnv in error state {small}', weight: 18, level: 'error' },
    { text: '[client {ip}] Directory index forbidden by rule: /var/www/html/', weight: 8, level: 'error' },
    { text: 'jk2_init() Can\'t find child {num:1000-9999} in scoreboard', weight: 5, level: 'error' },
    { text: 'mod_jk child init {small} -{small}', weight: 4, level: 'error' },
    { text: '[client {ip}] File does not exist: /var/www/html/{word:robots.txt|favicon.ico|sumthin|scripts|msadc}', weight: 6, level: 'error' },
    { text: 'caught SIGTERM, shutting down', weight: 1, level: 'notice' },
    { text: 'Digest: generating secret for digest authentication ...', weight: 1, level: 'notice' },
    { text: 'Digest: done', weight: 1, level: 'notice' },
    { text: 'Apache/2.0.49 (Fedora) configured -- resuming normal operations', weight: 1, level: 'notice' },
    { text: '[client {ip}] script not found or unable to stat: /var/www/cgi-bin/{word:awstats|formmail|awstats.pl}', weight: 2, level: 'error' },
    { text: 'suEXEC mechanism enabled (wrapper: /usr/sbin/suexec)', weight: 1, level: 'notice' },
  ],
};

export const openssh: CorpusDataset = {
  name: 'OpenSSH',
  header: 'Dec 10 {time} LabSZ sshd[{num:1000-30000}]:',
  templates: [
    { text: 'Failed password for invalid user {user} from {ip} port {port} ssh2', weight: 20 },
    { text: 'Failed password for {user} from {ip} port {port} ssh2', weight: 20 },
    { text: 'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}', weight: 15 },
    { text: 'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}', weight: 8 },
    { text: 'Invalid user {user} from {ip}', weight: 12 },
    { text: 'input_userauth_request: invalid user {user} [preauth]', weight: 12 },
    { text: 'Received disconnect from {ip}: 11: Bye Bye [preauth]', weight: 10 },
    { text: 'Connection closed by {ip} [preauth]', weight: 8 },
    { text: 'reverse mapping checking getaddrinfo for {word:host-47.example.net|static.vnpt.vn|customer.example.org} [{ip}] failed - POSSIBLE BREAK-IN ATTEMPT!', weight: 6 },
    { text: 'pam_unix(sshd:auth): check pass; user unknown', weight: 6 },
    { text: 'PAM {small} more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}', weight: 4 },
    { text: 'message repeated {small} times: [ Failed password for {user} from {ip} port {port} ssh2]', weight: 3 },
    { text: 'Accepted password for {user} from {ip} port {port} ssh2', weight: 2 },
    { text: 'pam_unix(sshd:session): session opened for user {user} by (uid=0)', weight: 2 },
    { text: 'pam_unix(sshd:session): session closed for user {user}', weight: 2 },
    { text: 'error: Received disconnect from {ip}: 3: com.jcraft.jsch.JSchException: Auth fail [preauth]', weight: 2 },
    { text: 'Disconnecting: Too many authentication failures for {user} [preauth]', weight: 2 },
  ],
};

export const zookeeper: CorpusDataset = {
  name: 'Zookeeper',
  header: '2015-07-29 {time},{num:100-999} - {level}  [{component}] -',
  templates: [
    { text: 'Accepted socket connection from /{ip}:{port}', weight: 20, component: 'NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxnFactory@197' },
    { text: 'Closed socket connection for client /{ip}:{port} which had sessionid 0x{hex:15}', weight: 20, component: 'NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@1001' },
    { text: 'Client attempting to establish new session at /{ip}:{port}', weight: 14, component: 'NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:ZooKeeperServer@839' },
    { text: 'Established session 0x{hex:15} with negotiated timeout {num:10000-40000} for client /{ip}:{port}', weight: 14, component: 'CommitProcessor:1:ZooKeeperServer@595' },
    { text: 'caught end of stream exception', weight: 8, level: 'WARN', component: 'NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181:NIOServerCnxn@357' },
    { text: 'Processed session termination for sessionid: 0x{hex:15}', weight: 8, component: 'ProcessThread(sid:{small} cport:-1)::PrepRequestProcessor@476' },
    { text: 'Expiring session 0x{hex:15}, timeout of {num:10000-40000}ms exceeded', weight: 5, component: 'SessionTracker:ZooKeeperServer@325' },
    { text: 'Connection broken for id {small}, my id = {small}, error =', weight: 3, level: 'WARN', component: 'RecvWorker:{small}:QuorumCnxManager$RecvWorker@765' },
    { text: 'Interrupting SendWorker', weight: 3, level: 'WARN', component: 'RecvWorker:{small}:QuorumCnxManager$RecvWorker@788' },
    { text: 'Send worker leaving thread', weight: 3, level: 'WARN', component: 'SendWorker:{small}:QuorumCnxManager$SendWorker@679' },
    { text: 'Notification time out: {num:100-60000}', weight: 3, component: 'QuorumPeer[myid={small}]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@852' },
    { text: 'Cannot open channel to {small} at election address /{ip}:3888', weight: 3, level: 'WARN', component: 'WorkerSender[myid={small}]:QuorumCnxManager@368' },
    { text: 'Have smaller server identifier, so dropping the connection: ({small}, {small})', weight: 2, component: 'WorkerReceiver[myid={small}]:QuorumCnxManager@193' },
    { text: 'Received connection request /{ip}:{port}', weight: 2, component: '/{ip}:3888:QuorumCnxManager$Listener@493' },
  ],
};

export const spark: CorpusDataset = {
  name: 'Spark',
  header: '17/06/09 {time} {level} {component}:',
  templates: [
    { text: 'Found block rdd_{num:2-60}_{num:0-40} locally', weight: 25, component: 'storage.BlockManager' },
    { text: 'Running task {float} in stage {float} (TID {int})', weight: 20, component: 'executor.Executor' },
    { text: 'Finished task {float} in stage {float} (TID {int}). {int} bytes result sent to driver', weight: 20, component: 'executor.Executor' },
    { text: 'Got assigned task {int}', weight: 18, component: 'executor.CoarseGrainedExecutorBackend' },
    { text: 'Started reading broadcast variable {num:0-99}', weight: 6, component: 'broadcast.TorrentBroadcast' },
    { text: 'Block broadcast_{num:0-99}_piece0 stored as bytes in memory (estimated size {float} KB, free {float} MB)', weight: 6, component: 'storage.MemoryStore' },
    { text: 'Reading broadcast variable {num:0-99} took {num:1-90} ms', weight: 6, component: 'broadcast.TorrentBroadcast' },
    { text: 'Block broadcast_{num:0-99} stored as values in memory (estimated size {float} KB, free {float} MB)', weight: 6, component: 'storage.MemoryStore' },
    { text: 'Partition rdd_{num:2-60}_{num:0-40} not found, computing it', weight: 4, component: 'spark.CacheManager' },
    { text: 'Input split: hdfs://10.10.34.11:9000/pjhe/test/{small}/part-000{num:10-99}:{int}+{int}', weight: 3, component: 'rdd.HadoopRDD' },
    { text: 'Changing view acls to: {user}', weight: 1, component: 'spark.SecurityManager' },
    { text: 'Changing modify acls to: {user}', weight: 1, component: 'spark.SecurityManager' },
    { text: 'Successfully registered with driver', weight: 1, component: 'executor.CoarseGrainedExecutorBackend' },
    { text: 'Driver commanded a shutdown', weight: 1, component: 'executor.CoarseGrainedExecutorBackend' },
    { text: 'MemoryStore cleared', weight: 1, component: 'storage.MemoryStore' },
    { text: 'Shutdown hook called', weight: 1, component: 'util.ShutdownHookManager' },
  ],
};

export const linux: CorpusDataset = {
  name: 'Linux',
  header: 'Jun {num:10-28} {time} combo',
  templates: [
    { text: 'sshd(pam_unix)[{num:1000-32000}]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={ip}  user={user}', weight: 25 },
    { text: 'sshd(pam_unix)[{num:1000-32000}]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={word:218.188.2.4|csnsu.nsuok.edu|n219076184117.netvigator.com|adsl-70-242-75-179.dsl.ksc2mo.swbell.net}', weight: 15 },
    { text: 'sshd(pam_unix)[{num:1000-32000}]: check pass; user unknown', weight: 10 },
    { text: 'su(pam_unix)[{num:1000-32000}]: session opened for user {user} by (uid=0)', weight: 8 },
    { text: 'su(pam_unix)[{num:1000-32000}]: session closed for user {user}', weight: 8 },
    { text: 'ftpd[{num:1000-32000}]: connection from {ip} ({word:host-69-59-73-202.sho.uc.edu|mail.example.com|82-135-194-162.ip.zebra.lt}) at Sun Jul 17 {time} 2005', weight: 8 },
    { text: 'logrotate: ALERT exited abnormally with [1]', weight: 3 },
    { text: 'cups: cupsd shutdown succeeded', weight: 2 },
    { text: 'cups: cupsd startup succeeded', weight: 2 },
    { text: 'syslogd 1.4.1: restart.', weight: 2 },
    { text: 'kernel: klogd 1.4.1, log source = /proc/kmsg started.', weight: 2 },
    { text: 'xinetd[{num:1000-32000}]: START: ftp pid={num:1000-32000} from={ip}', weight: 3 },
    { text: 'gpm[{num:1000-9999}]: *** info [startup.c(95)]: Started gpm successfully. Entered daemon mode.', weight: 1 },
    { text: 'kernel: Memory: {int}k/{int}k available ({int}k kernel code, {int}k reserved, {int}k data, {num:100-300}k init, {int}k highmem)', weight: 1 },
    { text: 'snmpd[{num:1000-9999}]: Received SNMP packet(s) from {ip}', weight: 2 },
    { text: 'named[{num:1000-9999}]: notify question section contains no SOA', weight: 2 },
  ],
};

export const hadoop: CorpusDataset = {
  name: 'Hadoop',
  header: '2015-10-18 {time},{num:100-999} {level} [{component}]',
  templates: [
    { text: 'org.apache.hadoop.mapred.TaskAttemptListenerImpl: Progress of TaskAttempt attempt_1445144423722_0020_m_00000{small}_0 is : {float}', weight: 25, component: 'IPC Server handler {num:0-29} on {port}' },
    { text: 'org.apache.hadoop.ipc.Client: Retrying connect to server: {host}/{ip}:{port}. Already tried {small} time(s); maxRetries=45', weight: 18, level: 'INFO', component: 'LeaseRenewer:msrabi@msra-sa-41:9000' },
    { text: 'org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Recalculating schedule, headroom=<memory:{int}, vCores:-{small}>', weight: 10, component: 'RMCommunicator Allocator' },
    { text: 'org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Reduce slow start threshold not met. completedMapsForReduceSlowstart {small}', weight: 10, component: 'RMCommunicator Allocator' },
    { text: 'org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl: attempt_1445144423722_0020_m_00000{small}_0 TaskAttempt Transitioned from {word:NEW|UNASSIGNED|ASSIGNED|RUNNING} to {word:UNASSIGNED|ASSIGNED|RUNNING|SUCCESS_CONTAINER_CLEANUP}', weight: 8, component: 'AsyncDispatcher event handler' },
    { text: 'org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: After Scheduling: PendingReds:{small} ScheduledMaps:{small} ScheduledReds:0 AssignedMaps:{small} AssignedReds:0 CompletedMaps:{small} CompletedReds:0 ContainersAllocated:{small} ContainersCompleted:{small} ContainersFailed:0 HostLocal:{small} RackLocal:{small}', weight: 6, component: 'RMCommunicator Allocator' },
    { text: 'org.apache.hadoop.mapred.Task: Task:attempt_1445144423722_0020_m_00000{small}_0 is done. And is in the process of committing', weight: 3, component: 'main' },
    { text: 'org.apache.hadoop.mapreduce.v2.app.job.impl.TaskImpl: task_1445144423722_0020_m_00000{small} Task Transitioned from {word:NEW|SCHEDULED|RUNNING} to {word:SCHEDULED|RUNNING|SUCCEEDED}', weight: 5, component: 'AsyncDispatcher event handler' },
    { text: 'org.apache.hadoop.hdfs.LeaseRenewer: Failed to renew lease for [DFSClient_NONMAPREDUCE_{int}_1] for {num:10-900} seconds.  Will retry shortly ...', weight: 5, level: 'WARN', component: 'LeaseRenewer:msrabi@msra-sa-41:9000' },
    { text: 'org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator: Assigned container container_1445144423722_0020_01_0000{num:10-99} to attempt_1445144423722_0020_m_00000{small}_0', weight: 4, component: 'RMCommunicator Allocator' },
    { text: 'org.apache.hadoop.yarn.event.AsyncDispatcher: Registering class org.apache.hadoop.mapreduce.v2.app.job.event.{word:JobEventType|TaskEventType|TaskAttemptEventType} for class org.apache.hadoop.mapreduce.v2.app.job.impl.{word:JobImpl$InternalEventHandler|TaskImpl$TaskEventDispatcher|TaskAttemptImpl$Dispatcher}', weight: 2, component: 'main' },
    { text: 'org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster for application appattempt_1445144423722_0020_000001', weight: 1, component: 'main' },
    { text: 'org.apache.hadoop.metrics2.impl.MetricsSystemImpl: MRAppMaster metrics system started', weight: 1, component: 'main' },
    { text: 'org.apache.hadoop.mapreduce.v2.app.rm.RMCommunicator: maxContainerCapability: <memory:8192, vCores:32>', weight: 1, component: 'main' },
  ],
};

export const vibemonitorServices: CorpusDataset = {
  name: 'VibeMonitor-sim',
  templates: [
    // A closed set of words at one position (the HTTP method, the selected column) tells events apart, as in loghub's
    // OpenStack (`"GET`, `"POST`, `"DELETE` are three events): one template per word.
    { text: '{ts} INFO  orders request completed method=GET route=/api/orders/{int} status={word:200|201|404} duration={ms} trace_id={hex:32}', weight: 30 },
    { text: '{ts} INFO  orders request completed method=POST route=/api/orders/{int} status={word:200|201|404} duration={ms} trace_id={hex:32}', weight: 7 },
    { text: '{ts} INFO  orders request completed method=PUT route=/api/orders/{int} status={word:200|201|404} duration={ms} trace_id={hex:32}', weight: 3 },
    { text: '{ts} INFO  orders order placed order_id={id:ord} items={small} total_cents={int} customer={email}', weight: 10 },
    { text: '{ts} ERROR orders could not acquire connection from pool "orders-db" after {ms} (active={num:18-20}/20 pending={num:1-60})', weight: 5 },
    { text: '{ts} WARN  orders slow query detected duration={ms} query="SELECT * FROM orders WHERE customer_id = $1"', weight: 4 },
    { text: '{"ts":"{ts}","level":"info","service":"gateway","msg":"proxied request","upstream":"{word:orders|auth|payments}","status":{num:200-204},"latency_ms":{num:1-900},"request_id":"{uuid}"}', weight: 30 },
    { text: '{"ts":"{ts}","level":"error","service":"gateway","msg":"upstream timed out","upstream":"{word:orders|auth|payments}","timeout_ms":5000,"request_id":"{uuid}"}', weight: 4 },
    { text: '{"ts":"{ts}","level":"info","service":"payments","msg":"charge authorised","amount_cents":{int},"currency":"{word:USD|EUR|GBP}","payment_id":"{id:pay}"}', weight: 10 },
    { text: '{"ts":"{ts}","level":"error","service":"payments","msg":"provider call failed: x509: certificate has expired or is not yet valid","provider":"acquirer","attempt":{small}}', weight: 3 },
    { text: '{ts} INFO  auth token issued for user {email} ttl=3600s', weight: 12 },
    { text: '{ts} WARN  auth invalid credentials for user {email} from {ip}', weight: 4 },
    { text: '{ts} ERROR auth failed to load signing keys from {url}: connection refused', weight: 2 },
    { text: '{date} {time}.{num:100-999} UTC [{num:100-9999}] LOG:  duration: {float} ms  statement: SELECT id FROM orders WHERE id = {int}', weight: 4 },
    { text: '{date} {time}.{num:100-999} UTC [{num:100-9999}] LOG:  duration: {float} ms  statement: SELECT status FROM orders WHERE id = {int}', weight: 3 },
    { text: '{date} {time}.{num:100-999} UTC [{num:100-9999}] LOG:  duration: {float} ms  statement: SELECT total FROM orders WHERE id = {int}', weight: 1 },
    { text: '{date} {time}.{num:100-999} UTC [{num:100-9999}] FATAL:  sorry, too many clients already', weight: 2 },
    { text: '{date} {time}.{num:100-999} UTC [{num:100-9999}] PANIC:  could not write to file "pg_wal/xlogtemp.{num:100-999}": No space left on device', weight: 1 },
    { text: '{num:1-9}:M {num:10-28} Jun 2024 {time}.{num:100-999} * Background saving started by pid {num:100-9999}', weight: 2 },
    { text: '{num:1-9}:M {num:10-28} Jun 2024 {time}.{num:100-999} # Out of memory allocating {int} bytes!', weight: 1 },
  ],
};

/**
 * The three ways a Drain-style miner failed on loghub-2k, in lines written for this corpus:
 * 1. over-merging on one constant word (a rare `SOCKS5` / `SPP.` line beside a frequent one, two error endings);
 * 2. variable-heavy lines (address, host name, a date spelled with weekday and month names, an empty `()`);
 * 3. one event whose values vary in token count (an optional size in parentheses, `<1 sec`, a list of ids).
 */
export const failureClasses: CorpusDataset = {
  name: 'FailureClasses',
  templates: [
    { text: '{fqdn}:{port} open through proxy {fqdn}:{port} HTTPS', weight: 40 },
    { text: '{fqdn}:{port} open through proxy {fqdn}:{port} SOCKS5', weight: 2 },
    { text: 'Session: {int}_{int} initialized by client WindowsUpdateAgent.', weight: 25 },
    { text: 'Session: {int}_{int} initialized by client SPP.', weight: 1 },
    { text: '{fqdn}:{port} error : Could not connect through proxy {fqdn}:{port} - Proxy server cannot establish a connection with the target, status code {num:400-599}', weight: 3 },
    { text: '{fqdn}:{port} error : Could not connect through proxy {fqdn}:{port} - Proxy closed the connection unexpectedly.', weight: 1 },
    { text: 'session opened for user {user} by (uid={num:0-1000})', weight: 10 },
    { text: 'connection from {ip} ({opthost}) at {weekday} {month} {num:1-28} {time} 2005', weight: 30 },
    { text: '{fqdn}:{port} close, {bytes} sent, {bytes} received, lifetime {lifetime}', weight: 40 },
    { text: 'Warning: we failed to resolve data source name {idlist}', weight: 4 },
  ],
};

/** Every labelled dataset the accuracy test covers. */
export const corpusDatasets: CorpusDataset[] = [hdfs, apache, openssh, zookeeper, spark, linux, hadoop, vibemonitorServices, failureClasses];
