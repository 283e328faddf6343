// EspruinoTools 0.1.67's local-modules plugin uses an undeclared global `fs` and then silently finds
// nothing; `node -r` this file before its CLI (firmware/README.md "Build").
global.fs = require("node:fs");
