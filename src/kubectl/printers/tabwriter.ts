/**
 * Go's text/tabwriter with liggitt/tabwriter's RememberWidths flag, re-expressed in TypeScript.
 *
 * Text is cut into cells at '\t' (and '\v'); a line's last cell (the text before '\n') is not part
 * of any column. A column block is a run of consecutive lines that have a cell in that column; its
 * width is max(minwidth, widest cell + padding). A line with a single cell (no tab at all) flushes
 * the writer, so the blocks before and after it are aligned independently.
 *
 * RememberWidths (github.com/liggitt/tabwriter, which kubectl's printers use): every column width
 * ever computed is remembered across flushes, and a later block never gets narrower than an
 * earlier one. `kubectl get -w` relies on it: the header is flushed first (say NAME is 25 wide),
 * and a later row flushed on its own keeps that width instead of shrinking to its own name.
 *
 * kubectl's table printer uses minwidth 6, tabwidth 4, padding 3, padchar ' ' and RememberWidths
 * (cli-runtime pkg/printers/tabwriter.go); describe uses the standard writer with minwidth 0,
 * tabwidth 8, padding 2 (kubectl pkg/describe/describe.go tabbedString).
 */

interface Cell {
  /** Bytes of text (here: UTF-16 code units of the JS string) */
  text: string;
  /** Display width (rune count, as utf8.RuneCount). */
  width: number;
  /** Whether the cell was terminated by a tab. */
  htab: boolean;
}

/** Options of a tabwriter (Go's Init parameters). */
export interface TabWriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar?: string;
  /** liggitt/tabwriter's RememberWidths. */
  rememberWidths?: boolean;
  /** tabwriter.DiscardEmptyColumns. */
  discardEmptyColumns?: boolean;
  /** tabwriter.AlignRight. */
  alignRight?: boolean;
}

/** Counts runes (code points) as Go's utf8.RuneCount does. */
function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    n++;
  }
  return n;
}

/** A tab-aligning writer: write() text, flush() to emit aligned output through `sink`. */
export class TabWriter {
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private maxwidths: number[] = [];
  private readonly padchar: string;

  /** Creates a writer that emits aligned text through `sink`. */
  constructor(
    private readonly sink: (text: string) => void,
    private readonly opts: TabWriterOptions,
  ) {
    this.padchar = opts.padchar ?? ' ';
  }

  /** kubectl's table writer (printers.GetNewTabWriter): 6, 4, 3, ' ', RememberWidths. */
  static forTables(sink: (text: string) => void): TabWriter {
    return new TabWriter(sink, { minwidth: 6, tabwidth: 4, padding: 3, rememberWidths: true });
  }

  /** describe's writer (describe.go tabbedString): 0, 8, 2, ' ', no flags. */
  static forDescribe(sink: (text: string) => void): TabWriter {
    return new TabWriter(sink, { minwidth: 0, tabwidth: 8, padding: 2 });
  }

  /** The remembered per-column widths (RememberedWidths). */
  rememberedWidths(): number[] {
    return [...this.maxwidths];
  }

  /** Replaces the remembered widths (SetRememberedWidths; kubectl passes nil between kinds). */
  setRememberedWidths(widths: number[] | null): void {
    this.maxwidths = widths ? [...widths] : [];
  }

  /** Whether nothing is buffered. */
  isEmpty(): boolean {
    return this.cell === '' && this.lines.length === 1 && this.lines[0].length === 0;
  }

  /** Buffers text; complete single-cell lines flush as in Go. */
  write(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '\t' || ch === '\v' || ch === '\n' || ch === '\f') {
        this.cell += text.slice(start, i);
        start = i + 1;
        const ncells = this.terminateCell(ch === '\t');
        if (ch === '\n' || ch === '\f') {
          this.lines.push([]);
          if (ch === '\f' || ncells === 1) this.flush();
        }
      }
    }
    this.cell += text.slice(start);
  }

  /** Formats and emits everything buffered. */
  flush(): void {
    if (this.cell.length > 0) this.terminateCell(false);
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1];
    line.push({ text: this.cell, width: runeCount(this.cell), htab });
    this.cell = '';
    return line.length;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let self = line0; self < line1; self++) {
      const line = this.lines[self];
      if (column >= line.length - 1) continue;
      // A cell exists in this column: print the lines before the block, then size the block.
      this.writeLines(line0, self);
      line0 = self;
      let width = this.opts.minwidth;
      let discardable = true;
      for (; self < line1; self++) {
        const l = this.lines[self];
        if (column >= l.length - 1) break;
        const c = l[column];
        const w = c.width + this.opts.padding;
        if (w > width) width = w;
        if (c.width > 0 || c.htab) discardable = false;
      }
      if (discardable && this.opts.discardEmptyColumns) width = 0;
      if (this.opts.rememberWidths) {
        if (this.maxwidths.length < this.widths.length) this.maxwidths.push(...this.widths.slice(this.maxwidths.length));
        const col = this.widths.length;
        if (this.maxwidths.length === col) this.maxwidths.push(width);
        else if (this.maxwidths[col] > width) width = this.maxwidths[col];
        else if (this.maxwidths[col] < width) this.maxwidths[col] = width;
      }
      this.widths.push(width);
      this.format(line0, self);
      this.widths.pop();
      line0 = self;
      self--; // the for loop's increment resumes at `self`
    }
    this.writeLines(line0, line1);
  }

  private writeLines(line0: number, line1: number): void {
    let out = '';
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((c, j) => {
        const pad = j < this.widths.length ? Math.max(0, this.widths[j] - c.width) : 0;
        if (c.text.length === 0) {
          out += this.padchar.repeat(pad);
        } else if (this.opts.alignRight) {
          out += this.padchar.repeat(pad) + c.text;
        } else {
          out += c.text + this.padchar.repeat(pad);
        }
      });
      // The last buffered line has no newline of its own (text not yet terminated).
      if (i + 1 < this.lines.length) out += '\n';
    }
    if (out) this.sink(out);
  }
}

/** Aligns a whole text at once with kubectl's table settings (a fresh writer, one flush). */
export function alignTable(text: string): string {
  let out = '';
  const w = TabWriter.forTables((s) => (out += s));
  w.write(text);
  w.flush();
  return out;
}

/** Aligns a whole text with describe's settings. */
export function alignDescribe(text: string): string {
  let out = '';
  const w = TabWriter.forDescribe((s) => (out += s));
  w.write(text);
  w.flush();
  return out;
}
