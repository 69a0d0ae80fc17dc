// Shapes shared by the server-side table printers: what a column is, what a printer is, and the
// plain-JSON object the printers read.

/** An object as it travels on the wire (the JSON `kubectl get -o json` shows). */
export interface KubeObject {
  [field: string]: unknown;
}

/** One column of a meta.k8s.io/v1 Table. */
export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 for the default view; 1 for columns kubectl shows only with `-o wide`. */
  priority: number;
}

/** A condition attached to a table row (upstream marks finished pods with one). */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Turns objects of one kind into table rows. The server always fills every column, wide ones too. */
export interface TablePrinter {
  columns: ColumnDefinition[];
  /** The cells of the object's row, one per column, in column order. */
  cells(obj: KubeObject, now: Date): unknown[];
  /** Row conditions, for the kinds upstream sets them on. */
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}
