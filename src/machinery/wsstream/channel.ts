// Kubernetes' channel protocol over WebSocket (k8s.io/apimachinery wsstream): every binary message
// starts with one byte naming the channel. Remote command uses 0 stdin, 1 stdout, 2 stderr, 3 error
// (a metav1.Status as JSON), 4 resize ({"Width":w,"Height":h}); v5.channel.k8s.io adds 255 = CLOSE,
// sent as [255, channel] to half-close a channel (stdin).

export const CHANNEL_PROTOCOLS = {
  v5: 'v5.channel.k8s.io',
  v4: 'v4.channel.k8s.io',
} as const;

/** kubectl port-forward: SPDY/3.1 frames carried in binary WebSocket messages. */
export const PORT_FORWARD_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';

export const Channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export function encodeChannelMessage(channel: number, data: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

export function decodeChannelMessage(msg: Buffer): { channel: number; data: Buffer } | undefined {
  if (!msg.length) return undefined;
  return { channel: msg[0]!, data: msg.subarray(1) };
}

/** Picks the protocol to answer with: the first of ours the client offered. */
export function chooseProtocol(offered: Iterable<string>, supported: readonly string[]): string | undefined {
  const set = new Set(offered);
  return supported.find((p) => set.has(p));
}
