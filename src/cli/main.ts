// `npx baosou <command>`: the command line in → the command run; every command is a thin shell over the library,
// which it imports when it runs (so `serve --workers N` forks its workers without loading the indexer or the engine).
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerBuildCommand } from './build-command.js';
import { registerIngestCommand } from './ingest-command.js';
import { registerInspectCommand } from './inspect-command.js';
import { registerSearchCommand } from './search-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerStartCommand } from './start-command.js';
import { registerUpdateCommands } from './update-commands.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('baosou')
  .description('报搜 baosou — full-text search for a Chinese newspaper archive.')
  .version(pkg.version)
  .showHelpAfterError();

registerIngestCommand(program);
registerBuildCommand(program);
registerUpdateCommands(program);
registerSearchCommand(program);
registerInspectCommand(program);
registerServeCommand(program);
registerStartCommand(program);

await program.parseAsync(process.argv);
