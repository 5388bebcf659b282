/**
 * A message with its values taken out, so that rows failing for one reason group together:
 * `price: "abc" is not a number` and `price: "n/a" is not a number` are one group.
 */
export function messageGroup(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, '…')
    .replace(/\b(rows?|lines?|items?) \d+/g, '$1 …')
    .replace(/\{[^{}]*\}/g, '{…}');
}
