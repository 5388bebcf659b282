import { SaxesParser } from 'saxes';
import { ArchiveError } from './archive';

/** What an XML part of a workbook may do before it is taken for a bomb: real parts stay far below. */
export const XML_LIMITS = {
  /** Elements open at once: a worksheet nests 7 deep, extensions a few more. */
  depth: 64,
  /**
   * Characters read without an element, a text or a comment ending: Excel's longest cell
   * (32,767 characters, six each when escaped) fits five times over.
   */
  nodeChars: 1024 * 1024,
} as const;

/** Characters handed to the parser at a time, so a node too large is caught within one slice of the limit. */
const SLICE = 64 * 1024;

export interface XmlHandlers {
  /** An element opens: its name without prefix, its attributes as written (prefixed names kept). */
  open?(name: string, attributes: Readonly<Record<string, string>>): void;
  close?(name: string): void;
  /** Character data (entities decoded once), CDATA included. */
  text?(text: string): void;
}

/** An element's or attribute's name without its namespace prefix: writers pick prefixes freely. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * A streaming XML parser (saxes) for one part of a workbook, fed text already decoded on character
 * boundaries. It refuses what no spreadsheet writer emits and every XML bomb needs: a DOCTYPE (so
 * no entity is ever declared, let alone expanded), nesting past XML_LIMITS.depth, and a single
 * node longer than XML_LIMITS.nodeChars, which would otherwise grow in memory until it ends.
 */
export class XmlPart {
  private readonly parser = new SaxesParser({ xmlns: false, position: false });
  private depth = 0;
  private sinceEvent = 0;

  constructor(
    private readonly part: string,
    handlers: XmlHandlers,
  ) {
    const { parser } = this;
    const seen = (): void => {
      this.sinceEvent = 0;
    };
    parser.on('doctype', () => {
      throw this.damaged('it declares a DOCTYPE, which no spreadsheet needs');
    });
    parser.on('opentag', (tag) => {
      seen();
      if (++this.depth > XML_LIMITS.depth) throw this.damaged(`its elements nest more than ${XML_LIMITS.depth} deep`);
      handlers.open?.(localName(tag.name), tag.attributes);
    });
    parser.on('closetag', (tag) => {
      seen();
      this.depth--;
      handlers.close?.(localName(tag.name));
    });
    parser.on('text', (text) => {
      seen();
      handlers.text?.(text);
    });
    parser.on('cdata', (text) => {
      seen();
      handlers.text?.(text);
    });
    parser.on('comment', seen);
    parser.on('processinginstruction', seen);
  }

  private damaged(why: string): ArchiveError {
    return new ArchiveError(`the workbook is damaged (${this.part}: ${why})`);
  }

  write(text: string): void {
    for (let at = 0; at < text.length; at += SLICE) {
      const slice = text.slice(at, at + SLICE);
      this.sinceEvent += slice.length;
      this.guarded(() => this.parser.write(slice));
      if (this.sinceEvent > XML_LIMITS.nodeChars) {
        throw this.damaged(`one of its nodes runs past ${XML_LIMITS.nodeChars.toLocaleString('en-US')} characters`);
      }
    }
  }

  end(): void {
    this.guarded(() => this.parser.close());
  }

  /** Runs a parser step; saxes's own errors (a tag never closed, an unknown entity) name the part. */
  private guarded(step: () => unknown): void {
    try {
      step();
    } catch (error) {
      throw error instanceof ArchiveError
        ? error
        : this.damaged(error instanceof Error ? error.message : String(error));
    }
  }
}

/** Parses a whole part (small ones: the workbook, its relationships, styles) with `handlers`. */
export async function parsePart(part: string, chunks: AsyncIterable<string>, handlers: XmlHandlers): Promise<void> {
  const xml = new XmlPart(part, handlers);
  for await (const chunk of chunks) xml.write(chunk);
  xml.end();
}
