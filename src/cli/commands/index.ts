// The command table: the one place listing the `locallift <command>` names users type and the module behind each.
// Lazy literal imports, so a run loads only its own command (`inspect` never loads TF.js) and the CLI bundle
// (scripts/build-cli.mjs) splits one chunk per command. Renaming a command's file changes only its line here.
export interface Command {
  run(args: string[]): Promise<number>;
}

export const COMMANDS = {
  ads: () => import('./ads.ts'),
  auto: () => import('./auto.ts'),
  clv: () => import('./clv.ts'),
  inspect: () => import('./data.ts'),
  propensity: () => import('./propensity.ts'),
  recommend: () => import('./recommend.ts'),
  segment: () => import('./segments.ts'),
} satisfies Record<string, () => Promise<Command>>;

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_NAMES = (Object.keys(COMMANDS) as CommandName[]).sort();

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}
