// The start-up warning for an exposed proxy (issue 7): LAN access with authentication effectively
// off is allowed (the seed's table permits it) but never silent.
import type { EffectiveAuthMode, ProxyConfig } from '../proxy';

/** The banner to print at start, or undefined when the proxy is not exposed without a key. */
export function exposureWarning(config: Pick<ProxyConfig, 'allowLanAccess'>, effective: EffectiveAuthMode): string | undefined {
  if (!config.allowLanAccess || effective !== 'off') return undefined;
  return (
    '\n  WARNING: LAN access is on and authentication is off.\n' +
    '  Anyone on your network can use your upstream API keys through this proxy.\n' +
    '  Use --auth-mode all_except_health (or strict), or turn LAN access off.\n\n'
  );
}
