#!/usr/bin/env node
// Thin shim: everything lives in the bundled CLI.
import '../dist/main.js';
