// The evaluation worker thread's entry. On Node.js 20 a worker does not get tsx's loader from
// the parent (nor from `execArgv: ['--import', 'tsx']`: the entry is resolved before the hook
// is active), so register tsx here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
