// hostPath volumes: the type check (and creation for DirectoryOrCreate / FileOrCreate) upstream's
// hostPath plugin does before the path is handed to the runtime.

import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';

export type HostPathType = '' | 'DirectoryOrCreate' | 'Directory' | 'FileOrCreate' | 'File' | 'Socket' | 'CharDevice' | 'BlockDevice';

export class HostPathError extends Error {}

async function statOrUndefined(p: string) {
  try {
    return await stat(p);
  } catch {
    return undefined;
  }
}

export async function checkHostPath(path: string, type: HostPathType | undefined): Promise<void> {
  const t = type ?? '';
  const fail = (what: string) => new HostPathError(`hostPath type check failed: ${path} is not ${what}`);
  let st = await statOrUndefined(path);
  switch (t) {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (!st) {
        await mkdir(path, { recursive: true, mode: 0o755 });
        return;
      }
      if (!st.isDirectory()) throw fail('a directory');
      return;
    case 'Directory':
      if (!st?.isDirectory()) throw fail('a directory');
      return;
    case 'FileOrCreate':
      if (!st) {
        const fh = await open(path, constants.O_CREAT | constants.O_WRONLY, 0o644).catch((err: Error) => {
          throw new HostPathError(`hostPath type check failed: ${path} could not be created: ${err.message}`);
        });
        await fh.close();
        st = await statOrUndefined(path);
      }
      if (!st?.isFile()) throw fail('a file');
      return;
    case 'File':
      if (!st?.isFile()) throw fail('a file');
      return;
    case 'Socket':
      if (!st?.isSocket()) throw fail('a socket file');
      return;
    case 'CharDevice':
      if (!st?.isCharacterDevice()) throw fail('a character device');
      return;
    case 'BlockDevice':
      if (!st?.isBlockDevice()) throw fail('a block device');
      return;
    default:
      throw new HostPathError(`hostPath type check failed: unknown type ${String(t)}`);
  }
}
