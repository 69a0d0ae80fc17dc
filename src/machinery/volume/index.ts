// Storage object views and helpers shared by components (the scheduler's VolumeBinding plugin; the
// persistentvolume controller keeps its own for now).

export * from './types.js';
export * from './helpers.js';
