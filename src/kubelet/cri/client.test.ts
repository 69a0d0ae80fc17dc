// The CRI gRPC client against a real, private containerd (started for this test, removed afterwards).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeConformance } from './conformance.js';
import { connectRuntime, protoPath } from './client.js';
import { GrpcCode, RuntimeError } from './types.js';
import { realRuntimeSkipReason, startTestContainerd } from '../containerd/testing.js';
import { BUSYBOX_IMAGE } from '../images/index.js';

test('api.proto is found from the compiled client', () => {
  assert.match(protoPath(), /api\.proto$/);
});

test('a call to a socket nobody listens on fails with Unavailable', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kts-cri-'));
  const rt = connectRuntime({ endpoint: `unix://${dir}/none.sock`, timeoutMs: 2000 });
  try {
    await assert.rejects(rt.version(), (e: unknown) => e instanceof RuntimeError && (e.code === GrpcCode.Unavailable || e.code === GrpcCode.DeadlineExceeded));
  } finally {
    rt.close();
    await rm(dir, { recursive: true, force: true });
  }
});

runtimeConformance('containerd over gRPC', async () => {
  const reason = realRuntimeSkipReason();
  if (reason) return reason;
  const ctd = await startTestContainerd({});
  return {
    runtime: ctd.runtime,
    image: BUSYBOX_IMAGE,
    logDir: join(ctd.dir, 'logs'),
    real: true,
    podCIDR: ctd.podCIDR,
    cleanup: () => ctd.stop(),
  };
});
