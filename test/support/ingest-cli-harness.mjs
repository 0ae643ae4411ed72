// Runs `baosou ingest` through commander exactly as the CLI does, but with only the ingest command registered, so
// the CLI tests do not depend on the other commands being built. Usage: node test/support/ingest-cli-harness.mjs ingest …
import { Command } from 'commander';
import { registerIngestCommand } from '../../dist/src/cli/ingest-command.js';

const program = new Command().name('baosou').showHelpAfterError();
registerIngestCommand(program);
await program.parseAsync(process.argv);
