import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import { inflateSync, constants as zc } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { SPDY3_DICTIONARY } from './dictionary.js';
import { FrameParser, HeaderCompressor, HeaderDecompressor, controlFrame, dataFrame, FLAG_FIN } from './frames.js';
import { SpdyConnection, type SpdyStream } from './connection.js';

async function pair(): Promise<{ client: SpdyConnection; server: SpdyConnection; close: () => void }> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const accepted = new Promise<Socket>((r) => srv.once('connection', r));
  const c = connect((srv.address() as AddressInfo).port, '127.0.0.1');
  const s = await accepted;
  return { client: new SpdyConnection(c, { server: false }), server: new SpdyConnection(s, { server: true }), close: () => { c.destroy(); s.destroy(); srv.close(); } };
}

const readAll = (s: SpdyStream) => new Promise<string>((resolve) => { const parts: Buffer[] = []; s.on('data', (d: Buffer) => parts.push(d)); s.on('end', () => resolve(Buffer.concat(parts).toString())); });

test('the SPDY/3 dictionary has the size and checksum of the spec', () => {
  assert.equal(SPDY3_DICTIONARY.length, 1423);
  assert.ok(SPDY3_DICTIONARY.toString('latin1').startsWith('\0\0\0\x07options\0\0\0\x04head'));
  assert.ok(SPDY3_DICTIONARY.toString('latin1').endsWith('utf-,*,enq=0.'));
});

test('header blocks: our stored-block zlib stream inflates with the dictionary, block after block', () => {
  const c = new HeaderCompressor();
  const a = c.compress({ streamtype: 'stdin', port: '80' });
  const b = c.compress({ streamtype: 'error' });
  // A valid zlib header: FCHECK makes it a multiple of 31, FDICT set, then the dictionary's Adler-32.
  assert.equal(a.readUInt16BE(0) % 31, 0);
  assert.equal(a[1]! & 0x20, 0x20);
  assert.equal(a.readUInt32BE(2), 0xe3c6a7c2);
  const all = inflateSync(Buffer.concat([a, b]), { dictionary: SPDY3_DICTIONARY, finishFlush: zc.Z_SYNC_FLUSH });
  assert.ok(all.includes(Buffer.from('streamtype')));
  const d = new HeaderDecompressor();
  assert.deepEqual(d.decompress(a), { streamtype: 'stdin', port: '80' });
  assert.deepEqual(d.decompress(b), { streamtype: 'error' });
});

test('frame parser splits control and data frames across chunk boundaries', () => {
  const bytes = Buffer.concat([controlFrame(6, 0, Buffer.from([0, 0, 0, 1])), dataFrame(3, FLAG_FIN, Buffer.from('hello'))]);
  const p = new FrameParser();
  const frames = [...p.push(bytes.subarray(0, 5)), ...p.push(bytes.subarray(5, 14)), ...p.push(bytes.subarray(14))];
  assert.equal(frames.length, 2);
  assert.deepEqual(frames[0], { type: 'control', frameType: 6, flags: 0, payload: Buffer.from([0, 0, 0, 1]) });
  assert.equal(frames[1]!.type, 'data');
  if (frames[1]!.type === 'data') {
    assert.equal(frames[1]!.streamId, 3);
    assert.equal(frames[1]!.flags, FLAG_FIN);
    assert.equal(frames[1]!.data.toString(), 'hello');
  }
});

test('streams carry headers and data both ways, with independent half-close', async () => {
  const { client, server, close } = await pair();
  try {
    const got = new Promise<SpdyStream>((r) => server.on('stream', r));
    const s = client.openStream({ streamType: 'stdin', requestID: '7' });
    const remote = await got;
    assert.equal(remote.header('streamtype'), 'stdin');
    assert.equal(remote.header('requestID'), '7');
    assert.equal(remote.id, 1);
    await s.ready;
    const echoed = readAll(s);
    remote.on('data', (d: Buffer) => remote.write(Buffer.from(d.toString().toUpperCase())));
    const fromClient = new Promise<void>((r) => remote.on('end', () => { remote.write('!'); remote.end(); r(); }));
    s.write('abc');
    s.write(Buffer.alloc(100_000, 'x'));
    s.end();
    await fromClient;
    const out = await echoed;
    assert.equal(out.length, 3 + 100_000 + 1);
    assert.ok(out.startsWith('ABCXXX') && out.endsWith('X!'));
    // Many streams: ids keep increasing, the header compression context carries on.
    for (let i = 0; i < 20; i++) {
      const next = new Promise<SpdyStream>((r) => server.once('stream', r));
      client.openStream({ n: String(i) }, { fin: true });
      const r2 = await next;
      assert.equal(r2.header('n'), String(i));
      assert.equal(r2.id, 3 + 2 * i);
    }
    const rtt = await client.ping();
    assert.ok(rtt >= 0);
    await server.ping();
  } finally {
    close();
  }
});

test('RST_STREAM ends the stream on the other side; closing the socket ends every stream', async () => {
  const { client, server, close } = await pair();
  try {
    const got = new Promise<SpdyStream>((r) => server.on('stream', r));
    const s = client.openStream({ a: '1' });
    const remote = await got;
    const reset = new Promise<void>((r) => remote.on('reset', r));
    await s.ready;
    s.reset();
    await reset;
    assert.equal(remote.wasReset, true);
    const got2 = new Promise<SpdyStream>((r) => server.on('stream', r));
    const s2 = client.openStream({ a: '2' });
    await got2;
    const ended = new Promise<void>((r) => s2.on('end', r));
    s2.resume();
    server.close();
    await ended;
    await client.closed;
    assert.equal(client.isClosed, true);
  } finally {
    close();
  }
});
