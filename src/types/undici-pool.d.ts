// undici's Pool by its own module path: `import { Pool } from 'undici'` loads (and bundles) all of
// undici (fetch, WebSocket, caches, mocks): twice the bundle and ~200 ms more start-up (README
// "Performance"). The types are undici's own.
declare module 'undici/lib/dispatcher/pool' {
  import { Pool } from 'undici';
  export = Pool;
}
