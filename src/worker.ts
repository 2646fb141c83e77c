import 'reflect-metadata';
import 'dotenv/config';
import { start } from './start.js';
import { WORKER_ROLE } from './worker-process.js';

// `npm run start:worker`: the same as `ROLE=worker npm start`.
start(WORKER_ROLE);
