/**
 * What a MongoDB URI may and may not say about how the job writes and reads. Kept free of the
 * driver so that the app's and the CLI's argument checks can use it before anything connects.
 */

/** The raw `key=value` pieces of a URI's query, keys lower-cased and decoded. */
function queryOptions(uri: string): { key: string; value: string; raw: string }[] {
  const start = uri.indexOf('?');
  if (start === -1) return [];
  return uri
    .slice(start + 1)
    .split('&')
    .filter((raw) => raw !== '')
    .map((raw) => {
      const equals = raw.indexOf('=');
      const decode = (text: string): string => {
        try {
          return decodeURIComponent(text);
        } catch {
          return text;
        }
      };
      const key = decode(equals === -1 ? raw : raw.slice(0, equals)).toLowerCase();
      return { key, value: decode(equals === -1 ? '' : raw.slice(equals + 1)).trim(), raw };
    });
}

/**
 * Why the URI cannot be used to write, or null. `w=0` asks for unacknowledged writes: a chunk
 * would be recorded as sent before MongoDB took it, and a refused or lost write would go
 * unnoticed. (The driver reads `w=-1` the same way in old URIs.)
 */
export function refusedUriOption(uri: string): string | null {
  for (const { key, value } of queryOptions(uri)) {
    if (key === 'w' && /^-?\d+$/.test(value) && Number(value) < 1) {
      return (
        `w=${value} is refused: it asks MongoDB not to acknowledge writes, and a chunk is recorded as sent only ` +
        `once MongoDB acknowledged it. Remove w=${value} from the MongoDB URI (the import writes with w=majority)`
      );
    }
  }
  return null;
}

/**
 * Options that only refine a read preference other than primary. The job reads from the primary
 * whatever the URI says, and the driver refuses a primary read preference combined with them, so
 * they are dropped rather than letting a URI shared with reporting tools fail every job.
 */
const SECONDARY_READ_OPTIONS = new Set(['readpreferencetags', 'maxstalenessseconds']);

/** The URI without SECONDARY_READ_OPTIONS, every other byte as given. */
export function withoutSecondaryReadOptions(uri: string): string {
  const options = queryOptions(uri);
  if (!options.some((option) => SECONDARY_READ_OPTIONS.has(option.key))) return uri;
  const kept = options.filter((option) => !SECONDARY_READ_OPTIONS.has(option.key)).map((option) => option.raw);
  const base = uri.slice(0, uri.indexOf('?'));
  return kept.length > 0 ? `${base}?${kept.join('&')}` : base;
}
