import 'reflect-metadata';
import 'dotenv/config';
import { start } from './start.js';

// `npm start`: what ROLE says (default `all`: the API and every worker).
start();
