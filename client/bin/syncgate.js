#!/usr/bin/env node
// The `syncgate` command (Postman import/export); built from src/cli by `npm run build`.
import "../dist/client/src/cli/main.js";
