// @decimalturn/toml-patch ships ESM with its types under package.json "exports" only, which this
// project's "node" module resolution does not read: the two functions src/clients/docs/toml.ts
// uses, typed as the package's own toml-patch.d.ts declares them.
declare module '@decimalturn/toml-patch' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export function parse(value: string): any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  export function patch(existing: string, updated: any, format?: { inlineTableStart?: number }): string;
}
