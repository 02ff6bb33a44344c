// The states the benchmark's switched proxy (bench/servers/ours-toggle.ts) can be put in, shared by
// the switch and the scripts that drive it. A file of its own: the switch is bundled alone, without
// the harness.
export const TOGGLE_STATES = ['off', 'on', 'on:no-store', 'on:no-scan'] as const;
export type ToggleState = (typeof TOGGLE_STATES)[number];
