// "Is this this machine?": the one loopback test every check uses (admin endpoints, the throttle's
// exemption, the connection caps, the diagnosis, the CLI's refusal to send the key elsewhere), and
// the one spelling of a peer address the per-address counts use.
import { isIP } from 'node:net';

/** 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 form (a socket's remote address). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** A URL's host name that reaches this machine: `localhost`, or a loopback address (IPv6 bracketed). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return h === 'localhost' || isLoopback(h);
}

/** A peer address in one spelling: IPv4-mapped IPv6 as IPv4, IPv6 lower case without a zone. */
export function canonicalAddress(address: string): string {
  if (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4) return address.slice(7);
  if (isIP(address) !== 6) return address;
  const zone = address.indexOf('%');
  return (zone < 0 ? address : address.slice(0, zone)).toLowerCase();
}
