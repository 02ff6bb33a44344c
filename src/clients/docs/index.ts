// Opens a configuration file's text as a ConfigDoc of its format.
import { DotenvDoc } from './dotenv';
import { JsoncDoc } from './jsonc';
import { TomlDoc } from './toml';
import type { ConfigDoc, ConfigFormat } from './types';
import { YamlDoc } from './yaml';

export * from './types';

export function openDoc(format: ConfigFormat, text: string, file: string): ConfigDoc {
  switch (format) {
    case 'jsonc':
      return new JsoncDoc(text, file);
    case 'toml':
      return new TomlDoc(text, file);
    case 'yaml':
      return new YamlDoc(text, file);
    case 'dotenv':
      return new DotenvDoc(text, file);
  }
}
