// Tests run with every command loaded, as Node code does; the browser's lab loads the rare ones
// after its first command (src/shell/commands/deferred.ts), and tests/unit/bindings covers that.
import '../src/shell/commands/rare/rare-commands';
import '../src/shell/commands/extra/extra';
