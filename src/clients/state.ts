// Which clients are connected, in <state-dir>/clients.json: per client the files and entries
// `connect` wrote, and what each entry held before (so `disconnect` removes exactly what connect
// added). Never a key: an entry that replaced one of the user's secrets records only that it did.
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigFormat, ConfigPath } from './docs';
import { writeFileAtomicSync as writeFileAtomic } from '../proxy';
import type { ClientId } from './types';

/** What an entry's path held before connect: nothing, a secret we did not keep, or a value. */
export type Previous = { absent: true } | { secret: true } | { value: unknown };

export interface EntryRecord {
  path: ConfigPath;
  previous: Previous;
  /** The shallowest parent that connect created; removed again when disconnect leaves it empty. */
  createdParent?: ConfigPath;
  scaffold?: boolean;
}

export interface FileRecord {
  path: string;
  format: ConfigFormat;
  /** The file did not exist before connect. */
  created: boolean;
  /** The copy of the file taken before connect's first write, if it existed. */
  backup?: string;
  /** SHA-256 of the text connect wrote last: unchanged since, disconnect puts the backup back. */
  writtenSha256?: string;
  entries: EntryRecord[];
}

export interface ClientRecord {
  client: ClientId;
  origin: string;
  model?: string;
  connectedAt: string;
  files: FileRecord[];
}

interface StateFile {
  version: 1;
  clients: Partial<Record<ClientId, ClientRecord>>;
}

export class ConnectedClients {
  readonly file: string;

  constructor(stateDir: string) {
    this.file = path.join(stateDir, 'clients.json');
  }

  private read(): StateFile {
    try {
      const j = JSON.parse(fs.readFileSync(this.file, 'utf8')) as StateFile;
      if (j && j.version === 1 && j.clients && typeof j.clients === 'object') return j;
    } catch {
      /* missing or unreadable: nothing connected */
    }
    return { version: 1, clients: {} };
  }

  get(id: ClientId): ClientRecord | undefined {
    return this.read().clients[id];
  }

  list(): ClientRecord[] {
    return Object.values(this.read().clients).filter((r): r is ClientRecord => !!r);
  }

  put(record: ClientRecord): void {
    const s = this.read();
    s.clients[record.client] = record;
    writeFileAtomic(this.file, JSON.stringify(s, null, 2) + '\n', 0o600);
  }

  remove(id: ClientId): void {
    const s = this.read();
    if (!s.clients[id]) return;
    delete s.clients[id];
    writeFileAtomic(this.file, JSON.stringify(s, null, 2) + '\n', 0o600);
  }
}
