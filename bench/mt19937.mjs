#!/usr/bin/env node
// mt19937: set-up time and values/s, 'ts' against 'curand-host' (see bench/generator-speed.mjs).
import { benchGenerator } from './generator-speed.mjs';

await benchGenerator('mt19937');
