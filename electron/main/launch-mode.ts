/**
 * How the installed app was started: as a register (the default), or with `--serve` as the
 * store's sync server, from the same package, with no window — for a shop whose back-office
 * PC or one till also hosts the server.
 */
export function launchMode(argv: readonly string[]): 'register' | 'server' {
  return argv.includes('--serve') ? 'server' : 'register';
}
