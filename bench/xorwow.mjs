#!/usr/bin/env node
// xorwow: set-up time and values/s, 'ts' against 'curand-host' (see bench/generator-speed.mjs).
import { benchGenerator } from './generator-speed.mjs';

await benchGenerator('xorwow');
