// A short-lived lock between processes sharing one usage store (two VS Code windows, a CLI proxy and
// `antigravity-proxy usage --reset`): a lock file created with O_EXCL, held only for the few
// milliseconds of one write. A holder that died leaves a file older than `staleMs`, which the next
// writer removes. Not proper-lockfile: its signal-exit hooks patch `process.emit`, which an
// extension has no business doing inside VS Code's shared extension host.
import fs from 'node:fs';

export type Release = () => Promise<void>;

/** The lock, or undefined when another live process holds it (try again later). */
export async function tryLock(lockFile: string, staleMs = 10_000, now: () => number = Date.now): Promise<Release | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fh = await fs.promises.open(lockFile, 'wx', 0o600);
      try {
        await fh.writeFile(`${process.pid}\n`);
      } finally {
        await fh.close();
      }
      return async () => {
        await fs.promises.rm(lockFile, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await fs.promises.stat(lockFile).catch(() => undefined);
      if (st && now() - st.mtimeMs < staleMs) return undefined;
      await fs.promises.rm(lockFile, { force: true });
    }
  }
  return undefined;
}

/** tryLock, retried every `stepMs` for up to `waitMs`. */
export async function waitLock(lockFile: string, waitMs: number, stepMs = 25): Promise<Release | undefined> {
  const until = Date.now() + waitMs;
  for (;;) {
    const release = await tryLock(lockFile);
    if (release || Date.now() >= until) return release;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
