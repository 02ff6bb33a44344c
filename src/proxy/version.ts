// The product version, one source: package.json (inlined by the bundler), for /healthz, the
// CLI's --version and the diagnosis' User-Agent.
import { version } from '../../package.json';

/** The product version, from package.json (inlined by the bundler). */
export const VERSION: string = version;
