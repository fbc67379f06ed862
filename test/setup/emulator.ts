// vitest globalSetup: ONE local AWS emulator for the whole run, shared by every test file
// (tests find it with inject('emulatorEndpoint'); see test/helpers/emulator.ts).
import type { TestProject } from 'vitest/node';
import { startEmulator } from '../../emulator/launcher.js';

declare module 'vitest' {
  interface ProvidedContext {
    emulatorEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const emulator = await startEmulator({ quiet: true });
  project.provide('emulatorEndpoint', emulator.endpoint);
  return async () => {
    await emulator.stop();
  };
}
