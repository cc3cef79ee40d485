/** A problem with one field of an input, in words a clerk understands. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A rule of domain.md refusing an input: the rule's ID as data (`U4`), the field it is about, and the reason in
 * words, without the rule ID (the delivery layer names the rule: `extensions.rule`, "(rule U4)").
 */
export interface RuleProblem extends FieldProblem {
  rule: string;
}
