#!/usr/bin/env node
// mrg32k3a: set-up time and values/s, 'ts' against 'curand-host' (see bench/generator-speed.mjs).
import { benchGenerator } from './generator-speed.mjs';

await benchGenerator('mrg32k3a');
