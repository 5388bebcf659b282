const GTIN_LENGTHS = new Set([8, 12, 13, 14]);

/** The GS1 check digit for the digits before it: weights 3 and 1 alternating from the right. */
function checkDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Why a code is not a valid EAN/GTIN (8, 12, 13 or 14 digits with a correct check digit), or null. */
export function gtinProblem(code: string): string | null {
  if (/^\d(\.\d+)?e\+?\d+$/i.test(code)) {
    return `"${code}" is in exponent notation, so its digits were lost (format the column as text in Excel and export again)`;
  }
  if (!/^\d+$/.test(code)) return `"${code}" is not an EAN/GTIN: it may only hold digits`;
  if (!GTIN_LENGTHS.has(code.length)) {
    return `"${code}" has ${code.length} digits; an EAN/GTIN has 8, 12, 13 or 14`;
  }
  const expected = checkDigit(code.slice(0, -1));
  if (Number(code.at(-1)) !== expected) {
    return `"${code}" has a wrong check digit (${code.at(-1) ?? ''}, expected ${expected})`;
  }
  return null;
}

/** Completes a code body with its check digit (used to build valid codes). */
export function withCheckDigit(body: string): string {
  return body + String(checkDigit(body));
}
