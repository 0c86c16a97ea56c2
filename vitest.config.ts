import { defineConfig } from 'vitest/config';

// chDB is one engine per process, so every test file runs in its own child process.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
