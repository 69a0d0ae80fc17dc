// Simulated nodes (like kwok): `kts sim` and `kts server --sim-nodes N` run them.
export { runSimNodes, DEFAULT_CAPACITY, type SimNodesOptions, type SimNodes } from './run.js';
export { EXIT_ANNOTATION, HEARTBEAT_ANNOTATION, SIM_LABEL, KUBELET_VERSION, RUNTIME_VERSION, nodeAddress, type Capacity } from './objects.js';
