// Writing files the way a configuration editor must: atomically (a crash never leaves half a
// file), keeping the file's mode, and with a dated backup of what was there before.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { writeFileAtomicSync } from '../proxy';

/** The file's text, or undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Copies the file to `<file>.<date>.antigravity-backup` (mode 0600: it may hold secrets). */
export function backupFile(file: string, now = new Date()): string {
  let target = `${file}.${stamp(now)}.antigravity-backup`;
  for (let i = 2; fs.existsSync(target); i++) target = `${file}.${stamp(now)}-${i}.antigravity-backup`;
  fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
  fs.chmodSync(target, 0o600);
  return target;
}

/**
 * Writes the new text (undefined: deletes the file). A file that will hold a key and was readable
 * by others is made private (0600); otherwise the file keeps its mode. New files are 0600.
 */
export function writeConfig(file: string, text: string | undefined, holdsSecret: boolean): { tightened: boolean } {
  if (text === undefined) {
    fs.rmSync(file, { force: true });
    return { tightened: false };
  }
  const st = fs.statSync(file, { throwIfNoEntry: false });
  let mode = st ? st.mode & 0o777 : 0o600;
  const tightened = holdsSecret && (mode & 0o077) !== 0;
  if (tightened) mode &= 0o700;
  writeFileAtomicSync(file, text, mode);
  return { tightened };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
