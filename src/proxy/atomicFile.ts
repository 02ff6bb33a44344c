// Writing a file so that a reader (or a crash) only ever sees the old or the new content: write a
// temporary file beside it, fsync it, rename it over the target (rename is atomic on POSIX and
// NTFS). Used for the CLI's key files and the usage statistics' snapshot.
import fs from 'node:fs';
import path from 'node:path';

function tempName(file: string): string {
  return `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`;
}

/** Synchronous, for small files written outside any request (the key file). */
export function writeFileAtomicSync(file: string, data: string, mode = 0o600): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = tempName(file);
  try {
    const fd = fs.openSync(tmp, 'w', mode);
    try {
      fs.writeSync(fd, data);
      fs.fchmodSync(fd, mode);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** Asynchronous, off the event loop's critical path (the usage snapshot). */
export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = tempName(file);
  try {
    const fh = await fs.promises.open(tmp, 'w', mode);
    try {
      await fh.writeFile(data);
      await fh.chmod(mode);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}
