// "Is this this machine?": the one loopback test every check uses (admin endpoints, the throttle's
// exemption, the diagnosis, the CLI's refusal to send the key elsewhere).

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
