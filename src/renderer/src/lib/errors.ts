/**
 * A rejected IPC call arrives as "Error invoking remote method 'api:x': Error: <message>";
 * only <message> means anything to the person using the app.
 */
export function errorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  return raw.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, '');
}
