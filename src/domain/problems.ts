/** A problem with one field of an input, in words a clerk understands. */
export interface FieldProblem {
  field: string;
  message: string;
}
