#!/usr/bin/env node
import '../dist/hosts/node/cli.js'
