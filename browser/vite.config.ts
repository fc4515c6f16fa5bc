import { defineConfig } from 'vitest/config';

// Only the tests use this file; scripts/build.mjs builds the extension.
export default defineConfig({
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.ts'],
  },
});
