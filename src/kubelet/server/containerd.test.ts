// The kubelet server against a real containerd (private instance): exec, attach-less stdin, logs and
// port-forward through containerd's CRI streaming server. Skipped where containers cannot run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { request } from 'node:https';
import { WebSocket } from 'ws';
import { createCA, issueCertificate } from '../../machinery/pki/pki.js';
import { dialSpdy } from '../../machinery/spdy/upgrade.js';
import type { SpdyConnection, SpdyStream } from '../../machinery/spdy/connection.js';
import { realRuntimeSkipReason, startTestContainerd } from '../containerd/testing.js';
import { BUSYBOX_IMAGE } from '../images/index.js';
import type { ContainerRef, KubeletHost } from './host.js';
import { startKubeletServer } from './server.js';
import { dialPortForwardTunnel } from './testing.js';

const skip = realRuntimeSkipReason();

test('exec, logs and port-forward through a real containerd', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const ctd = await startTestContainerd({});
  let kubelet: Awaited<ReturnType<typeof startKubeletServer>> | undefined;
  try {
    const rt = ctd.runtime;
    const sb = { metadata: { name: 'web', uid: 'web-uid', namespace: 'default', attempt: 0 }, hostname: 'web-pod', logDirectory: join(ctd.dir, 'pod-logs') };
    const sid = await rt.runPodSandbox(sb);
    const start = async (name: string, command: string[]) => {
      const id = await rt.createContainer(sid, { metadata: { name, attempt: 0 }, image: { image: BUSYBOX_IMAGE }, command, logPath: `${name}.log` }, sb);
      await rt.startContainer(id);
      return id;
    };
    const main = await start('main', ['sh', '-c', 'echo hello from busybox; echo to stderr >&2; exec sleep 3600']);
    const web = await start('web', ['httpd', '-f', '-p', '8080', '-h', '/etc']);
    const ids: Record<string, string> = { main, web };
    const ca = await createCA({ commonName: 'ca' });
    const serving = await issueCertificate(ca, { commonName: 'node', ipAddresses: ['127.0.0.1'], usages: ['serverAuth'] });
    const client = await issueCertificate(ca, { commonName: 'kube-apiserver-kubelet-client', organizations: ['system:masters'], usages: ['clientAuth'] });
    const host: KubeletHost = {
      runtime: rt,
      findContainer: (ns, pod, c): ContainerRef | undefined =>
        ns === 'default' && pod === 'web' && c && ids[c] ? { podUid: 'web-uid', podName: pod, namespace: ns, containerName: c, containerId: ids[c]!, sandboxId: sid } : undefined,
      findSandbox: (ns, pod) => (ns === 'default' && pod === 'web' ? { podUid: 'web-uid', sandboxId: sid, podIP: '' } : undefined),
      pods: () => [],
    };
    kubelet = await startKubeletServer({ host, port: 0, bindAddress: '127.0.0.1', tls: { cert: serving.cert, key: serving.key, clientCA: ca.cert } });
    const tls = { ca: ca.cert, cert: client.cert, key: client.key };
    const base = `127.0.0.1:${kubelet.port}`;

    // exec over WebSocket v5
    const ws = (path: string, stdin?: string) =>
      new Promise<{ stdout: string; stderr: string; status: string }>((resolve, reject) => {
        const r = { stdout: '', stderr: '', status: '' };
        const sock = new WebSocket(`wss://${base}${path}`, ['v5.channel.k8s.io'], tls);
        sock.on('open', () => {
          if (stdin !== undefined) {
            sock.send(Buffer.concat([Buffer.from([0]), Buffer.from(stdin)]));
            sock.send(Buffer.from([255, 0]));
          }
        });
        sock.on('message', (m: Buffer) => {
          const t = m.subarray(1).toString();
          if (m[0] === 1) r.stdout += t;
          if (m[0] === 2) r.stderr += t;
          if (m[0] === 3) r.status += t;
        });
        sock.on('close', () => resolve(r));
        sock.on('error', reject);
      });
    const h = await ws('/exec/default/web/main?command=hostname&stdout=true&stderr=true');
    assert.equal(h.stdout, 'web-pod\n');
    const e = await ws('/exec/default/web/main?command=sh&command=-c&command=echo%20oops%20%3E%262%3B%20exit%203&stdout=true&stderr=true');
    assert.equal(e.stderr, 'oops\n');
    const st = JSON.parse(e.status);
    assert.equal(st.reason, 'NonZeroExitCode');
    assert.equal(st.details.causes[0].message, '3');
    const c = await ws('/exec/default/web/main?command=cat&stdin=true&stdout=true&stderr=true', 'echoed through stdin\n');
    assert.equal(c.stdout, 'echoed through stdin\n');

    // exec over SPDY
    const { conn } = await dialSpdy({ url: `https://${base}/exec/default/web/main?command=sh&command=-c&command=wc%20-c&stdin=true&stdout=true&stderr=true`, protocols: ['v4.channel.k8s.io'], tls });
    const open = (t: string) => conn.openStream({ streamType: t });
    const errS = open('error');
    errS.end();
    const inS = open('stdin');
    const outS = open('stdout');
    open('stderr').resume();
    const read = (s: SpdyStream) => new Promise<string>((r) => { let t = ''; s.on('data', (d: Buffer) => (t += d)); s.on('end', () => r(t)); });
    const out = read(outS);
    inS.end('12345');
    assert.equal((await out).trim(), '5');
    conn.destroy();

    // logs
    const logs = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: kubelet!.port, path: '/containerLogs/default/web/main', ...tls }, (res) => {
        let t = '';
        res.on('data', (d: Buffer) => (t += d));
        res.on('end', () => resolve(t));
      });
      req.on('error', reject);
      req.end();
    });
    assert.match(logs, /hello from busybox\n/);
    assert.match(logs, /to stderr\n/);

    // port-forward (SPDY in WebSocket) to busybox httpd listening inside the pod
    const { conn: tunnel } = await dialPortForwardTunnel(`https://${base}/portForward/default/web`, tls);
    const answer = await httpOverForward(tunnel, 8080);
    assert.match(answer, /^HTTP\/1\.[01] 200 OK/);
    assert.match(answer, /web-pod/);
    tunnel.close();
  } finally {
    await kubelet?.close();
    await ctd.stop();
  }
});

async function httpOverForward(conn: SpdyConnection, port: number): Promise<string> {
  const error = conn.openStream({ streamType: 'error', port: String(port), requestID: '0' });
  error.end();
  let errText = '';
  error.on('data', (d: Buffer) => (errText += d));
  const data = conn.openStream({ streamType: 'data', port: String(port), requestID: '0' });
  let got = '';
  data.on('data', (d: Buffer) => (got += d));
  const ended = new Promise<void>((r) => data.on('end', r));
  data.write('GET /hostname HTTP/1.0\r\n\r\n');
  await Promise.race([ended, new Promise((r) => setTimeout(r, 10_000))]);
  if (!got && errText) throw new Error(errText);
  return got;
}
