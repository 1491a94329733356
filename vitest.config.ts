import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code (src/**/*.test.ts); whole-engine scenario and fuzz tests live in test/.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    environment: 'node',
    pool: 'threads',
    testTimeout: 60_000,
  },
});
