/**
 * Atomic file output: the bytes go to a temporary file in the target's own folder (so the final
 * rename never crosses a file system), then the temporary file is renamed over the target. A reader
 * sees the old file or the new one, never half of one; on any failure the temporary file is removed
 * and the target is left as it was.
 */
import { promises as fs } from 'fs';
import * as path from 'path';

/** Writes `produce`'s bytes to `file` atomically, creating the folder when it is missing. */
export async function writeFileAtomic(file: string, produce: () => Promise<Uint8Array | string>): Promise<void> {
  const dir = path.dirname(path.resolve(file));
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    const data = await produce();
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}
