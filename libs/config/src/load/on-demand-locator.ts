import type { HubConfig } from '../hub-config';
import { YamlSource } from '../yaml-source';

/**
 * `locate()` for after loading. The parsed YAML (every file's syntax tree) is large, about 50 MB
 * for 10,000 hooks, and only needed to report an error at start-up, so it is not kept: the files
 * are parsed again when a line is asked for, and that copy lives only until the current burst of
 * reports is over.
 */
export function onDemandLocator(file: string | null, cwd: string): HubConfig['locate'] {
  if (!file) return () => '(defaults)';
  let source: YamlSource | null = null;
  return (path) => {
    if (!source) {
      source = new YamlSource(file, cwd);
      setImmediate(() => (source = null)).unref();
    }
    return source.locate(path);
  };
}
