export interface LabelMatcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

export interface VectorSelector {
  type: 'vector';
  matchers: LabelMatcher[];
  /** Milliseconds to look back from the evaluation time (`offset 5m`). */
  offsetMs: number;
}

export interface MatrixSelector {
  type: 'matrix';
  selector: VectorSelector;
  rangeMs: number;
}

export const aggregationOps = [
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'group',
] as const;
export type AggregationOp = (typeof aggregationOps)[number];

export interface Aggregation {
  type: 'aggregation';
  op: AggregationOp;
  /** `k` of topk/bottomk, `φ` of quantile. */
  param: Expr | null;
  expr: Expr;
  grouping: { without: boolean; labels: string[] } | null;
}

export const arithmeticOps = ['+', '-', '*', '/', '%', '^'] as const;
export const comparisonOps = ['==', '!=', '<', '>', '<=', '>='] as const;
export const setOps = ['and', 'or', 'unless'] as const;
export type BinaryOp =
  (typeof arithmeticOps)[number] | (typeof comparisonOps)[number] | (typeof setOps)[number];

export interface BinaryExpr {
  type: 'binary';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  /** `bool` modifier of a comparison: 0/1 instead of filtering. */
  returnBool: boolean;
  /** `on(...)` / `ignoring(...)`; null matches on every label but the name. */
  matching: { on: boolean; labels: string[] } | null;
}

export interface Call {
  type: 'call';
  fn: string;
  args: Expr[];
}

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'unary'; expr: Expr }
  | VectorSelector
  | MatrixSelector
  | Aggregation
  | BinaryExpr
  | Call;
