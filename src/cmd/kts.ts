// The one kts program: `kts server`, and the other components as later issues add them.
import { Command } from 'commander';
import { agentCommand } from './agent.js';
import { controllerManagerCommand } from './controller-manager.js';
import { imageCommand } from './image.js';
import { installDepsCommand } from './install-deps.js';
import { killallCommand } from './killall.js';
import { schedulerCommand } from './scheduler.js';
import { serverCommand } from './server.js';
import { simCommand } from './sim.js';

const program = new Command();
program.name('kts').description('Kubernetes, written in TypeScript').version('0.1.0 (Kubernetes v1.32)');
program.addCommand(serverCommand());
program.addCommand(schedulerCommand());
program.addCommand(controllerManagerCommand());
program.addCommand(simCommand());
program.addCommand(agentCommand());
program.addCommand(imageCommand());
program.addCommand(installDepsCommand());
program.addCommand(killallCommand());
await program.parseAsync(process.argv);
