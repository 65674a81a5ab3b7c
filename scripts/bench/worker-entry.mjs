// Worker threads do not inherit tsx's loader: this registers it and runs the TypeScript module
// named by workerData.script (relative to this folder).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.script, import.meta.url);
