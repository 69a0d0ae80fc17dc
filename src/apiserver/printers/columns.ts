// Column constructors. Names, types and priorities follow kube-apiserver 1.32; descriptions are ours.

import type { ColumnDefinition } from './types.js';

type ColumnType = ColumnDefinition['type'];

export function col(name: string, type: ColumnType, description: string, priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description, priority };
}

/** A default-view string column. */
export const text = (name: string, description: string): ColumnDefinition => col(name, 'string', description);
/** A default-view integer column. */
export const int = (name: string, description: string): ColumnDefinition => col(name, 'integer', description);
/** A wide-only (-o wide) string column. */
export const wide = (name: string, description: string): ColumnDefinition => col(name, 'string', description, 1);

export const nameColumn = (): ColumnDefinition =>
  col('Name', 'string', 'The object name, unique among objects of its kind in its namespace (or cluster-wide).', 0, 'name');

export const ageColumn = (): ColumnDefinition =>
  text('Age', 'How long ago the object was created, from metadata.creationTimestamp.');

export const containersColumn = (priority = 1): ColumnDefinition =>
  col('Containers', 'string', 'The names of the containers in the pod template.', priority);

export const imagesColumn = (priority = 1): ColumnDefinition =>
  col('Images', 'string', 'The images the pod template containers run.', priority);

export const selectorColumn = (description = 'The label selector that picks the pods this object manages.'): ColumnDefinition =>
  wide('Selector', description);
