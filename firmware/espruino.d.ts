// What Espruino 2v29 has beyond ES5, and nothing more (see ../shared/espruino.md beside the project).
// The firmware type-checks against lib ES5 plus this file, so a call Espruino lacks fails to compile.
