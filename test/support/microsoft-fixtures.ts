import { randomUUID } from 'node:crypto';
import { EntraProvider, startEntraProvider } from './entra-provider';
import { useTestApp } from './fixtures';
import { PUBLIC_BASE_URL, TestApp, TestAppOptions } from './test-app';

/**
 * useTestApp with Microsoft sign-in on, against a local Entra-shaped identity provider that is
 * started before the app and stopped after it. `provider()` is that provider, in hooks and tests.
 */
export function useTestAppWithMicrosoft(options: TestAppOptions = {}): { t: TestApp; provider: () => EntraProvider } {
  const clientId = randomUUID();
  const clientSecret = `secret-${randomUUID()}`;
  let provider: EntraProvider | undefined;
  beforeAll(async () => {
    provider = await startEntraProvider({ clientId, clientSecret, redirectUri: `${PUBLIC_BASE_URL}/auth/microsoft/callback` });
  });
  afterAll(async () => {
    await provider?.stop();
  });
  const t = useTestApp(() => ({
    ...options,
    env: {
      ...options.env,
      MICROSOFT_CLIENT_ID: clientId,
      MICROSOFT_CLIENT_SECRET: clientSecret,
      MICROSOFT_AUTHORITY: provider!.authority,
      MICROSOFT_ALLOW_INSECURE_AUTHORITY: 'true',
    },
  }));
  return {
    t,
    provider: () => {
      if (!provider) throw new Error('useTestAppWithMicrosoft: the provider runs only inside hooks and tests');
      return provider;
    },
  };
}
