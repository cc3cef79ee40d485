import { applySuppression, type AdditiveConstraint, type SuppressibleCell } from '../domain/reports/suppression';

/**
 * How a report's figures are published. Counts and the figures built from them are created through a
 * Presenter; `finish()` applies suppression (when asked) and blanks what is hidden, so the same object
 * is what GraphQL returns and what the CSV export writes.
 */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

/** REPORT_SUPPRESSION_THRESHOLD overrides the default; a bad value fails loudly rather than publishing too much. */
export function suppressionThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.REPORT_SUPPRESSION_THRESHOLD;
  if (raw === undefined || raw === '') return DEFAULT_SUPPRESSION_THRESHOLD;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2)
    throw new RangeError(`REPORT_SUPPRESSION_THRESHOLD must be a whole number of at least 2, got "${raw}"`);
  return n;
}

/** A published figure: the value, or null with suppressed: true. */
export interface Published {
  value: number | null;
  suppressed: boolean;
}

interface Cell extends SuppressibleCell {
  out: Published;
}

export class Presenter {
  // Exact values stay here, never on the published object, so a hidden count cannot leak through serialisation.
  private readonly cells = new Map<Published, Cell>();
  private readonly constraints: AdditiveConstraint[] = [];
  private readonly derivedFigures: { out: Published; inputs: readonly Published[] }[] = [];

  constructor(
    readonly suppress: boolean,
    readonly threshold: number,
  ) {}

  count(n: number): Published {
    const out = { value: n, suppressed: false };
    this.cells.set(out, { exact: n, suppressed: false, out });
    return out;
  }

  private cell(p: Published): Cell {
    const c = this.cells.get(p);
    if (!c) throw new Error('not a count made by this presenter');
    return c;
  }

  /** total = sum(parts) is published, so it takes part in secondary suppression. */
  sums(total: Published, parts: readonly Published[]): void {
    this.constraints.push({ total: this.cell(total), parts: parts.map((p) => this.cell(p)) });
  }

  /**
   * total − part is known to any reader even though it is not printed (e.g. pupils moved without a
   * characteristic), so it is protected like a published cell: a complement of 1 hides the part too.
   */
  complement(total: Published, part: Published): void {
    const rest = this.count(this.cell(total).exact - this.cell(part).exact);
    this.sums(total, [part, rest]);
  }

  /**
   * Two counts that are often equal (a row's placements and pupils): hide both or neither, since the
   * visible one would give the hidden one away.
   */
  linked(a: Published, b: Published): void {
    this.sums(a, [b]);
  }

  /** A rate, ratio or statistic built from counts: hidden whenever any count it is built from is hidden. */
  derived(value: number | null, ...inputs: Published[]): Published {
    const out = { value, suppressed: false };
    this.derivedFigures.push({ out, inputs });
    return out;
  }

  finish(): void {
    if (!this.suppress) return;
    applySuppression(this.cells.values(), this.constraints, this.threshold);
    for (const c of this.cells.values()) if (c.suppressed) Object.assign(c.out, { value: null, suppressed: true });
    // Derived figures may depend on other derived ones only through counts, so one pass suffices.
    for (const d of this.derivedFigures) {
      if (d.inputs.some((i) => i.suppressed)) {
        d.out.suppressed = true;
        d.out.value = null;
      }
    }
  }
}
